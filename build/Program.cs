using Cake.Frosting;
using KmodForge.Build;
using KmodForge.Build.Host;
using KmodForge.Containers;
using KmodForge.Build.Tasks;
using KmodForge.GitHub;
using KmodForge.Headers;
using KmodForge.Images;
using KmodForge.Images.ImageCache;
using KmodForge.Matrix;
using KmodForge.Packaging;
using KmodForge.Pipeline;
using KmodForge.Setup;
using KmodForge.Signing;
using KmodForge.Storage;
using KmodForge.Storage.S3;
using Microsoft.Extensions.DependencyInjection;

// The entry assembly (this one) is registered by CakeHost itself, as the real Cake.Frosting does: an
// AddAssembly(typeof(Program).Assembly) here would register every task twice once the package replaces build/Host/Frosting.
return CakeHost.Create()
    .UseKmodForge()
    .UseContext<BuildContext>()
    .UseSettings<DriverBuildSettings>()
    .UseSettings<ContainerSettings>()
    .UseSettings<BaseImageSettings>()
    .UseSettings<AptSettings>()
    .UseSettings<HeaderSourceSettings>()
    .UseSettings<PackageMetadataSettings>()
    .UseSettings<ImageCacheSettings>()
    .UseSettings<BlobStoreSettings>()
    .UseSettings<S3Settings>()
    .UseSettings<GitHubSettings>()
    .UseSettings<MatrixSettings>()
    .UseSettings<MatrixChunkSettings>()
    .UseSettings<FetchBaseImagesSettings>()
    .UseSettings<ModuleSigningSettings>()
    .UseSettings<KmodForge.Coverage.CoverageSettings>()
    .UseSettings<KmodForge.Caching.CacheSettings>()
    .UseSettings<PrerequisiteSettings>()
    .UseSettings<TestSettings>()
    .UseSettings<KmodForge.Signing.Minisign.PackageSigningSettings>()
    .ConfigureServices(services => services.AddSingleton<BuildCancellation>().AddSingleton<DriverBuildSession>())
    .UseLifetime<FailureSummaryLifetime>()
    .Run(args);
