using System.Xml;

namespace KmodForge.Kernels.Livepatch;

/// <summary>One <c>&lt;data&gt;</c> of repomd.xml: where a metadata file is and its checksum.</summary>
public sealed record RepoDataFile(string Type, string Href, string ChecksumType, string Checksum, long? Size);

/// <summary>Reads <c>repodata/repomd.xml</c> (namespace <c>http://linux.duke.edu/metadata/repo</c>).</summary>
public static class RepoMetadata
{
    private const string RepoNamespace = "http://linux.duke.edu/metadata/repo";

    public static IReadOnlyList<RepoDataFile> Parse(Stream repomd, string source)
    {
        var files = new List<RepoDataFile>();
        using var reader = XmlReader.Create(repomd, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true });
        try
        {
            while (reader.ReadToFollowing("data", RepoNamespace))
            {
                var type = reader.GetAttribute("type") ?? string.Empty;
                string? href = null, checksumType = null, checksum = null;
                long? size = null;
                using var data = reader.ReadSubtree();
                data.Read();
                while (!data.EOF)
                {
                    if (data.NodeType == XmlNodeType.Element && data.NamespaceURI == RepoNamespace && data.LocalName is "checksum" or "size")
                    {
                        var isChecksum = data.LocalName == "checksum";
                        checksumType = isChecksum ? data.GetAttribute("type") : checksumType;
                        var text = data.ReadElementContentAsString().Trim();
                        if (isChecksum)
                        {
                            checksum = text;
                        }
                        else
                        {
                            size = long.TryParse(text, out var s) ? s : null;
                        }

                        continue;
                    }

                    if (data.NodeType == XmlNodeType.Element && data.NamespaceURI == RepoNamespace && data.LocalName == "location")
                    {
                        href = data.GetAttribute("href");
                    }

                    data.Read();
                }

                if (href is not null && checksumType is not null && checksum is not null)
                {
                    files.Add(new RepoDataFile(type, href, checksumType, checksum, size));
                }
            }
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"{source}: repomd.xml is not valid XML: {e.Message}", e);
        }

        return files;
    }

    /// <summary>The <c>primary</c> data file, or a clear error.</summary>
    public static RepoDataFile Primary(IReadOnlyList<RepoDataFile> files, string source) =>
        files.FirstOrDefault(f => f.Type == "primary")
        ?? throw new InvalidDataException($"{source}: repomd.xml has no <data type=\"primary\"> with a location and checksum (found: {string.Join(", ", files.Select(f => f.Type))}).");
}
