namespace KmodForge.Tests.Images.ImageCache;

/// <summary>A throwaway repository root with a <c>docker/</c> folder, for content keys.</summary>
public sealed class TempRepository : IDisposable
{
    public TempRepository(string dockerfile = "FROM debian:12\nCOPY scripts/ /opt/scripts/\nRUN true\n")
    {
        Root = Directory.CreateTempSubdirectory("kmodforge-repo-").FullName;
        Write("docker/scripts/setup.sh", "#!/bin/sh\necho setup\n");
        foreach (var distro in new[] { "debian", "ubuntu", "fedora" })
        {
            Write($"docker/Dockerfile.base.{distro}", dockerfile);
        }
    }

    public string Root { get; }

    public void Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
