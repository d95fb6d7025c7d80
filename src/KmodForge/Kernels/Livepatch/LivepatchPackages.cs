using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml;
using KmodForge.Targets;

namespace KmodForge.Kernels.Livepatch;

/// <summary>
/// Turns the primary metadata of Amazon Linux 2023's kernel-livepatch repository into kernel releases: a package
/// <c>kernel-livepatch-6.1.134-150.224</c> (version 1.0, release <c>0.amzn2023</c>, arch x86_64) patches, and so names,
/// the kernel <c>6.1.134-150.224.amzn2023.x86_64</c>. This finds the kernel6.12/kernel6.18 lines kernel-crawler misses.
/// </summary>
public static partial class LivepatchPackages
{
    private const string CommonNamespace = "http://linux.duke.edu/metadata/common";

    /// <summary>Reads primary.xml (uncompressed) and returns the kernel releases of one architecture's livepatches, distinct, in order.</summary>
    public static IReadOnlyList<string> KernelReleases(Stream primaryXml, Architecture architecture, string source)
    {
        var releases = new SortedSet<string>(NaturalVersionComparer.Instance);
        using var reader = XmlReader.Create(primaryXml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true });
        try
        {
            while (reader.ReadToFollowing("package", CommonNamespace))
            {
                string? name = null, arch = null, rel = null;
                using var package = reader.ReadSubtree();
                package.Read();
                while (!package.EOF)
                {
                    if (package.NodeType == XmlNodeType.Element && package.NamespaceURI == CommonNamespace)
                    {
                        if (package.LocalName is "name" or "arch")
                        {
                            var isName = package.LocalName == "name";
                            var text = package.ReadElementContentAsString();
                            (name, arch) = isName ? (text, arch) : (name, text);
                            continue;
                        }

                        if (package.LocalName == "version")
                        {
                            rel = package.GetAttribute("rel");
                        }
                        else if (package.LocalName == "format")
                        {
                            break;
                        }
                    }

                    package.Read();
                }

                if (name is not null && arch == architecture.RpmName() && KernelRelease(name, rel, arch) is { } release)
                {
                    releases.Add(release);
                }
            }
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{source}: primary metadata is not valid XML: {e.Message}", e);
        }

        return [.. releases];
    }

    /// <summary>The kernel release a livepatch package is for, or null when the name is not a livepatch of a kernel or its release has no dist tag.</summary>
    public static string? KernelRelease(string packageName, string? packageRelease, string arch)
    {
        var m = LivepatchName().Match(packageName);
        if (!m.Success)
        {
            return null;
        }

        // The kernel's dist tag is the livepatch package's own (1.amzn2023); without one the kernel cannot be named.
        return packageRelease is not null && DistTag().Match(packageRelease) is { Success: true } d
            ? $"{m.Groups["kver"].Value}-{m.Groups["krel"].Value}.{d.Groups["dist"].Value}.{arch}"
            : null;
    }

    /// <summary>Opens primary metadata by its file name: <c>.gz</c> is gunzipped, <c>.xml</c> read as is.</summary>
    public static Stream OpenPrimary(string path, string href)
    {
        var file = File.OpenRead(path);
        if (href.EndsWith(".gz", StringComparison.Ordinal))
        {
            return new GZipStream(file, CompressionMode.Decompress);
        }

        if (href.EndsWith(".xml", StringComparison.Ordinal))
        {
            return file;
        }

        file.Dispose();
        throw new InvalidDataException($"primary metadata {href} is compressed in a way not supported here; supported: .xml.gz, .xml (createrepo_c --general-compress-type=gz)");
    }

    /// <summary>
    /// Livepatch kernels as validated matrix kernels of the distribution whose header sources include the livepatch
    /// repository (Amazon Linux 2023); refusals are counted.
    /// </summary>
    public static IEnumerable<MatrixKernel> ToKernels(IEnumerable<string> releases, Architecture architecture, string driverVersion, SkipSummary skips)
    {
        var distribution = DistroRegistry.All.First(d => d.HeaderSources.Contains(HeaderSourceKind.Livepatch));
        foreach (var release in releases)
        {
            var result = TargetValidator.Validate(new BuildRequest(release, architecture.KernelName(), distribution.Id, null, driverVersion));
            if (result.Target is null)
            {
                skips.Add(SkipReason.InvalidTarget, "livepatch", result.Errors[0].ToString());
                continue;
            }

            yield return new MatrixKernel(result.Target, [], KernelSource.Livepatch);
        }
    }

    [GeneratedRegex(@"^kernel-livepatch-(?<kver>\d+\.\d+\.\d+)-(?<krel>\d+(?:\.\d+)*)$", RegexOptions.CultureInvariant)]
    private static partial Regex LivepatchName();

    [GeneratedRegex(@"\.(?<dist>[a-z]+\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DistTag();
}
