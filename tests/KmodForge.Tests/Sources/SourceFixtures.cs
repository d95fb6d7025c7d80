using System.Formats.Tar;
using KmodForge.Packaging;
using KmodForge.Packaging.Rpm;
using KmodForge.Targets;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Sources;

/// <summary>Module sources in the forms --module-source accepts, made from the sample module by the tests.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class SourceFixtures
{
    public static readonly string[] SampleFiles = ["Kbuild", "Makefile", "kfsample.h", "kfsample_main.c", "kfsample_proc.c"];

    /// <summary>A DKMS-style source package holding /usr/src/&lt;each dir&gt; with the sample's files (and a doc file elsewhere).</summary>
    public static string Package(TempDirectory temp, PackageFormat format, string[] sourceDirectories, RpmPayloadCompression compression = RpmPayloadCompression.Gzip)
    {
        var files = new List<PackageFile> { new(Path.Combine(RepoPaths.Sample, "README.md"), "/usr/share/doc/kfsample-dkms/README.md") };
        foreach (var directory in sourceDirectories)
        {
            files.AddRange(SampleFiles.Select(f => new PackageFile(Path.Combine(RepoPaths.Sample, f), $"/usr/src/{directory}/{f}")));
        }

        files.Add(new PackageFile(Path.Combine(RepoPaths.Sample, "Makefile"), "/usr/share/kfsample/extra.mk"));
        var spec = new PackageSpec
        {
            Name = "kfsample-dkms",
            Version = "1.0",
            Architecture = Architecture.X86_64,
            KernelRelease = "6.1.0-28-amd64",
            Summary = "kfsample DKMS source",
            Description = "The kfsample module's source, for DKMS.",
            Maintainer = "KmodForge Maintainers <maintainers@kmodforge.example>",
            License = "GPL-2.0-only",
            Files = files,
            SourceDateEpoch = 1_700_000_000,
        };
        var path = temp.Combine($"kfsample-dkms-{Guid.NewGuid():N}.{format.Extension()}");
        IPackageWriter writer = format == PackageFormat.Deb ? new DebPackageWriter() : new RpmPackageWriter(compression);
        writer.Write(spec, path);
        return path;
    }

    /// <summary>The sample's files in <paramref name="top"/> (null: at the root), tarred by the real tar with the given compression flag.</summary>
    public static string Tarball(TempDirectory temp, string name, string? top, string compressFlag)
    {
        var staging = temp.Combine("staging-" + Guid.NewGuid().ToString("N"));
        var into = top is null ? staging : Path.Combine(staging, top);
        Directory.CreateDirectory(into);
        foreach (var f in SampleFiles)
        {
            File.Copy(Path.Combine(RepoPaths.Sample, f), Path.Combine(into, f));
        }

        File.WriteAllText(Path.Combine(into, "prepare.sh"), "#!/bin/sh\necho prepared\n");
        File.SetUnixFileMode(Path.Combine(into, "prepare.sh"), (UnixFileMode)0b111_101_101);
        var path = temp.Combine(name);
        string[] args = [.. compressFlag.Length == 0 ? [] : new[] { compressFlag }, "-cf", path, "-C", staging, .. (top is null ? Directory.GetFileSystemEntries(staging).Select(e => Path.GetFileName(e)).ToArray() : [top])];
        ProcessRunner.Run("tar", args).EnsureSuccess("tar");
        return path;
    }

    /// <summary>A tarball with hostile entries after a harmless file, written with System.Formats.Tar (tar itself refuses to write some of these).</summary>
    public static string HostileTarball(TempDirectory temp, params TarEntry[] hostile)
    {
        var path = temp.Combine($"hostile-{Guid.NewGuid():N}.tar");
        using (var file = File.Create(path))
        using (var writer = new TarWriter(file, TarEntryFormat.Pax))
        {
            var ok = new PaxTarEntry(TarEntryType.RegularFile, "src/Makefile") { DataStream = new MemoryStream("obj-m := x.o\n"u8.ToArray()) };
            writer.WriteEntry(ok);
            foreach (var entry in hostile)
            {
                writer.WriteEntry(entry);
            }
        }

        return path;
    }

    /// <summary>A real git repository of the sample: commit "v1.0" (annotated tag v1.0.0, VERSION 1.0), then one more on main (VERSION 2.0-dev).</summary>
    public static (string Repo, string V1Commit, string MainCommit) GitRepository(TempDirectory temp)
    {
        var repo = temp.Combine("driver");
        Directory.CreateDirectory(repo);
        string Git(params string[] args) => ProcessRunner.Run("git", ["-C", repo, "-c", "user.name=Test", "-c", "user.email=test@example.org", .. args])
            .EnsureSuccess("git " + string.Join(' ', args)).Output.Trim();
        Git("init", "-q", "-b", "main");
        foreach (var f in SampleFiles)
        {
            File.Copy(Path.Combine(RepoPaths.Sample, f), Path.Combine(repo, f));
        }

        File.WriteAllText(Path.Combine(repo, "VERSION"), "1.0\n");
        Git("add", "-A");
        Git("commit", "-q", "-m", "v1.0");
        Git("tag", "-a", "v1.0.0", "-m", "release 1.0");
        var v1 = Git("rev-parse", "HEAD");
        File.WriteAllText(Path.Combine(repo, "VERSION"), "2.0-dev\n");
        Git("commit", "-q", "-am", "next");
        return (repo, v1, Git("rev-parse", "HEAD"));
    }
}
