using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>import</c>.</summary>
public sealed class ContainerImportSettings : ContainerToolSettings
{
    /// <summary>The platform the root filesystem is for (docker <c>--platform</c>; podman <c>--os/--arch/--variant</c>).</summary>
    public string? Platform { get; set; }

    /// <summary><c>--change</c> instructions, e.g. <c>CMD ["/bin/bash"]</c>.</summary>
    public IList<string> Changes { get; set; } = [];

    /// <summary><c>--message</c>: the commit message of the imported layer.</summary>
    public string? Message { get; set; }
}

public static class ContainerImportCommand
{
    public static CommandArguments Arguments(ContainerEngineKind engine, ContainerImportSettings settings, string tarPath, string image)
    {
        var args = new CommandArguments().Arg("import");
        if (settings.Platform is not null)
        {
            var platform = ContainerInput.Platform("import --platform", settings.Platform);
            if (engine == ContainerEngineKind.Podman)
            {
                // podman import has no --platform (4.x); it takes the parts.
                var parts = platform.Split('/');
                args.Option("--os", parts[0]).Option("--arch", parts[1]).Option("--variant", parts.Length > 2 ? parts[2] : null);
            }
            else
            {
                args.Option("--platform", platform);
            }
        }

        args.Repeated("--change", settings.Changes.Select(c => ContainerInput.VariableValue("import --change", c)));
        args.Option("--message", settings.Message is null ? null : ContainerInput.VariableValue("import --message", settings.Message));
        return args.Arg(ContainerInput.AbsolutePath("import tarball", tarPath)).Arg(ContainerInput.ImageReference("import image", image));
    }
}
