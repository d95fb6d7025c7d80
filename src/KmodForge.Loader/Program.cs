using KmodForge.Configuration;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.Loader;

// kmodforge-loader: from a booting node to a loaded driver. Settings: --name=value or KMODFORGE_NAME (see --help).
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("Usage: kmodforge-loader --driver-version=v0.1.0 --release-base=<url|dir> [--service-url=<url>] [--mode=host|extract] [--dry-run]");
    Console.WriteLine();
    foreach (var (_, setting) in SettingsBinder.Describe(typeof(LoaderSettings)))
    {
        Console.WriteLine($"  --{setting.Name,-22} {setting.EnvironmentVariable,-32} {setting.Description}");
    }

    return 0;
}

var masker = new SecretMasker();
var log = BuildLogFactory.Create(new BuildLogOptions { Masker = masker }, Environment.GetEnvironmentVariable);
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    var settings = ArgumentSettingsProvider.FromArgs(args).Get<LoaderSettings>();
    masker.Add(settings.ServiceToken);
    var run = new LoaderRun(settings, log);
    var outcome = await run.RunAsync(cancellation.Token);
    log.Info($"done: {outcome}");
    return 0;
}
catch (NotApplicableException e)
{
    // An outcome, not a failure: one line, no retry. The exit code (3) tells a supervisor not to restart the loader.
    log.Warning($"{e.Message}; nothing to load");
    return e.FailureExitCode;
}
catch (Exception e)
{
    var failure = FailurePolicy.Report(e);
    log.Error(failure.Message);
    return failure.ExitCode;
}
