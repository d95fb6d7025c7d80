using Cake.Frosting;
using KmodForge.Build;

return CakeHost.Create()
    .UseContext<BuildContext>()
    .AddAssembly(typeof(Program).Assembly)
    .Run(args);
