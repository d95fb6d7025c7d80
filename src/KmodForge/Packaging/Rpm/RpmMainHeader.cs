using System.Security.Cryptography;
using KmodForge.Targets;

namespace KmodForge.Packaging.Rpm;

/// <summary>The main (immutable) header of a binary RPM: identity, metadata, file list, dependencies, scriptlets, payload facts.</summary>
internal static class RpmMainHeader
{
    public const string BuildHost = "kmodforge.build";
    public const string RpmVersion = "4.18.0";
    public const string Group = "System Environment/Kernel";
    public const string ScriptInterpreter = "/bin/sh";

    public static byte[] Build(PackageSpec spec, IReadOnlyList<RpmFileEntry> files, RpmPayloadCompression compression, byte[] compressedPayload)
    {
        var time = checked((int)spec.SourceDateEpoch);
        var h = new RpmHeaderBuilder(RpmTags.HeaderImmutable)
            .StringArray(RpmTags.HeaderI18nTable, ["C"])
            .String(RpmTags.Name, spec.Name)
            .String(RpmTags.Version, spec.Version)
            .String(RpmTags.Release, spec.Release)
            .I18nString(RpmTags.Summary, spec.Summary)
            .I18nString(RpmTags.Description, Wrap(spec.Description))
            .Int32(RpmTags.BuildTime, time)
            .String(RpmTags.BuildHost, BuildHost)
            .Int32(RpmTags.Size, checked((int)files.Sum(f => (long)f.Content.Length)))
            .String(RpmTags.Vendor, spec.Vendor)
            .String(RpmTags.License, spec.License)
            .String(RpmTags.Packager, spec.Maintainer)
            .I18nString(RpmTags.Group, Group)
            .String(RpmTags.Os, "linux")
            .String(RpmTags.Arch, spec.Architecture.RpmName())
            .String(RpmTags.SourceRpm, $"{spec.Name}-{spec.Version}-{spec.Release}.src.rpm")
            .String(RpmTags.RpmVersion, RpmVersion)
            .Int32(RpmTags.ChangelogTime, [time])
            .StringArray(RpmTags.ChangelogName, [$"{spec.Maintainer} - {spec.Version}-{spec.Release}"])
            .StringArray(RpmTags.ChangelogText, [$"- Built by KmodForge for kernel {spec.KernelRelease}"])
            .String(RpmTags.PayloadFormat, "cpio")
            .String(RpmTags.PayloadCompressor, compression.TagName())
            .String(RpmTags.PayloadFlags, compression.Level().ToString(System.Globalization.CultureInfo.InvariantCulture))
            .String(RpmTags.Encoding, "utf-8")
            .StringArray(RpmTags.PayloadDigest, [Convert.ToHexStringLower(SHA256.HashData(compressedPayload))])
            .Int32(RpmTags.PayloadDigestAlgo, RpmTags.HashAlgoSha256);
        if (!string.IsNullOrWhiteSpace(spec.Homepage))
        {
            h.String(RpmTags.Url, spec.Homepage);
        }

        AddScriptlets(h, spec);
        AddFiles(h, files, time);
        AddDependencies(h, spec, compression);
        return h.Build();
    }

    private static void AddScriptlets(RpmHeaderBuilder h, PackageSpec spec)
    {
        if (!string.IsNullOrWhiteSpace(spec.PostInstall))
        {
            h.String(RpmTags.PostIn, spec.PostInstall).StringArray(RpmTags.PostInProg, [ScriptInterpreter]);
        }

        if (!string.IsNullOrWhiteSpace(spec.PostRemove))
        {
            h.String(RpmTags.PostUn, spec.PostRemove).StringArray(RpmTags.PostUnProg, [ScriptInterpreter]);
        }
    }

    private static void AddFiles(RpmHeaderBuilder h, IReadOnlyList<RpmFileEntry> files, int time)
    {
        var dirNames = files.Select(f => f.DirName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var n = files.Count;
        h.Int32(RpmTags.FileSizes, [.. files.Select(f => f.IsDirectory ? 4096 : f.Content.Length)])
            .Int16(RpmTags.FileModes, [.. files.Select(f => (ushort)f.Mode)])
            .Int16(RpmTags.FileRdevs, new ushort[n])
            .Int32(RpmTags.FileMtimes, Enumerable.Repeat(time, n).ToArray())
            .StringArray(RpmTags.FileDigests, [.. files.Select(f => f.IsDirectory ? string.Empty : Convert.ToHexStringLower(SHA256.HashData(f.Content)))])
            .StringArray(RpmTags.FileLinkTos, Enumerable.Repeat(string.Empty, n).ToArray())
            .Int32(RpmTags.FileFlags, new int[n])
            .StringArray(RpmTags.FileUserName, Enumerable.Repeat("root", n).ToArray())
            .StringArray(RpmTags.FileGroupName, Enumerable.Repeat("root", n).ToArray())
            .Int32(RpmTags.FileVerifyFlags, Enumerable.Repeat(-1, n).ToArray())
            .Int32(RpmTags.FileDevices, Enumerable.Repeat(1, n).ToArray())
            .Int32(RpmTags.FileInodes, Enumerable.Range(1, n).ToArray())
            .StringArray(RpmTags.FileLangs, Enumerable.Repeat(string.Empty, n).ToArray())
            .Int32(RpmTags.DirIndexes, [.. files.Select(f => dirNames.BinarySearch(f.DirName, StringComparer.Ordinal))])
            .StringArray(RpmTags.BaseNames, [.. files.Select(f => f.BaseName)])
            .StringArray(RpmTags.DirNames, dirNames)
            .Int32(RpmTags.FileDigestAlgo, RpmTags.HashAlgoSha256);
    }

    private static void AddDependencies(RpmHeaderBuilder h, PackageSpec spec, RpmPayloadCompression compression)
    {
        var evr = $"{spec.Version}-{spec.Release}";
        var provides = new List<RpmDependency>
        {
            new(spec.Name, RpmSense.Equal, evr),
            new($"{spec.Name}({(spec.Architecture == Architecture.X86_64 ? "x86-64" : "aarch-64")})", RpmSense.Equal, evr),
        };
        provides.AddRange(spec.Provides.Select(p => RpmDependency.Parse(nameof(PackageSpec.Provides), p)));

        var rpmlib = RpmSense.RpmLib | RpmSense.Less | RpmSense.Equal;
        var requires = spec.Depends.Select(d => RpmDependency.Parse(nameof(PackageSpec.Depends), d)).ToList();
        requires.Add(new("rpmlib(CompressedFileNames)", rpmlib, "3.0.4-1"));
        requires.Add(new("rpmlib(FileDigests)", rpmlib, "4.6.0-1"));
        requires.Add(new("rpmlib(PayloadFilesHavePrefix)", rpmlib, "4.0-1"));
        if (compression == RpmPayloadCompression.Zstd)
        {
            requires.Add(new("rpmlib(PayloadIsZstd)", rpmlib, "5.4.18-1"));
        }

        if (!string.IsNullOrWhiteSpace(spec.PostInstall))
        {
            requires.Add(new(ScriptInterpreter, RpmSense.Interp | RpmSense.ScriptPost, string.Empty));
        }

        if (!string.IsNullOrWhiteSpace(spec.PostRemove))
        {
            requires.Add(new(ScriptInterpreter, RpmSense.Interp | RpmSense.ScriptPostUn, string.Empty));
        }

        var p = Ordered(provides);
        h.StringArray(RpmTags.ProvideName, [.. p.Select(d => d.Name)])
            .Int32(RpmTags.ProvideFlags, [.. p.Select(d => (int)d.Flags)])
            .StringArray(RpmTags.ProvideVersion, [.. p.Select(d => d.Version)]);
        var r = Ordered(requires);
        h.StringArray(RpmTags.RequireName, [.. r.Select(d => d.Name)])
            .Int32(RpmTags.RequireFlags, [.. r.Select(d => (int)d.Flags)])
            .StringArray(RpmTags.RequireVersion, [.. r.Select(d => d.Version)]);
    }

    /// <summary>Wraps description lines at 79 columns (rpmlint's description-line-too-long), keeping the given line breaks.</summary>
    internal static string Wrap(string text, int width = 79)
    {
        var lines = new List<string>();
        foreach (var line in text.TrimEnd().Split('\n'))
        {
            var current = string.Empty;
            foreach (var word in line.TrimEnd().Split(' '))
            {
                if (current.Length > 0 && current.Length + 1 + word.Length > width)
                {
                    lines.Add(current);
                    current = word;
                }
                else
                {
                    current = current.Length == 0 ? word : current + " " + word;
                }
            }

            lines.Add(current);
        }

        return string.Join('\n', lines);
    }

    /// <summary>Sorted and without duplicates, so the same spec always gives the same bytes.</summary>
    private static List<RpmDependency> Ordered(IEnumerable<RpmDependency> deps) =>
        [.. deps.Distinct().OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => (int)d.Flags).ThenBy(d => d.Version, StringComparer.Ordinal)];
}
