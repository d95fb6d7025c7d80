using KmodForge.Configuration;
using KmodForge.Errors;
using KmodForge.Service;
using KmodForge.Service.Hosting;

// The build service: dotnet run --project src/KmodForge.Service -- --urls=http://127.0.0.1:8080 [--setting=value ...]
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(CommandLine.Help());
    return 0;
}

try
{
    var provider = ArgumentSettingsProvider.FromArgs(args);
    var settings = provider.Get<ServiceSettings>();
    await using var app = await ServiceHost.CreateAsync(args, settings, services => ServiceDependencies.Add(services, provider, settings));
    await app.RunAsync();
    return 0;
}
catch (Exception e)
{
    var failure = FailurePolicy.Report(e);
    Console.Error.WriteLine(failure.Text);
    return failure.ExitCode;
}
