using Cake.Frosting;
using KmodForge.Build;
using KmodForge.Containers;
using KmodForge.Headers;
using KmodForge.Images;
using KmodForge.Packaging;
using KmodForge.Pipeline;
using Microsoft.Extensions.DependencyInjection;

return CakeHost.Create()
    .UseContext<BuildContext>()
    .UseSettings<DriverBuildSettings>()
    .UseSettings<ContainerSettings>()
    .UseSettings<BaseImageSettings>()
    .UseSettings<AptSettings>()
    .UseSettings<HeaderSourceSettings>()
    .UseSettings<PackageMetadataSettings>()
    .ConfigureServices(services => services.AddSingleton<DriverBuildSession>())
    .AddAssembly(typeof(Program).Assembly)
    .Run(args);
