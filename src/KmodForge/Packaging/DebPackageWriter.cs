using System.Security.Cryptography;
using System.Text;
using KmodForge.IO;
using KmodForge.Targets;

namespace KmodForge.Packaging;

/// <summary>
/// Writes a .deb (deb(5)) in C#, without dpkg-deb: an ar archive of <c>debian-binary</c> ("2.0\n"),
/// <c>control.tar.gz</c> (control, md5sums, postinst, postrm) and <c>data.tar.gz</c> (the files, the copyright and
/// changelog policy requires, and every parent directory), in that order. Reproducible: owner root:root, every timestamp the spec's SOURCE_DATE_EPOCH, entries
/// sorted, gzip headers without time or name, so the same spec gives the same bytes. Written atomically.
/// </summary>
public sealed class DebPackageWriter : IPackageWriter
{
    public PackageFormat Format => PackageFormat.Deb;

    public void Write(PackageSpec spec, string outputPath)
    {
        var files = PackageLayout.Load(spec).Concat(DebDocumentation.Files(spec)).ToList();
        var control = BuildControlTar(spec, files);
        var data = ReproducibleTarGz.Build(DataItems(files), spec.SourceDateEpoch);

        AtomicFile.Write(outputPath, stream =>
        {
            var ar = new ArArchiveWriter(stream);
            ar.AddMember("debian-binary", "2.0\n"u8, spec.SourceDateEpoch);
            ar.AddMember("control.tar.gz", control, spec.SourceDateEpoch);
            ar.AddMember("data.tar.gz", data, spec.SourceDateEpoch);
        });
    }

    private static byte[] BuildControlTar(PackageSpec spec, IReadOnlyList<LoadedFile> files)
    {
        var installedKiB = files.Sum(f => (f.Content.LongLength + 1023) / 1024);
        var md5sums = new StringBuilder();
        foreach (var f in files.OrderBy(f => f.InstallPath, StringComparer.Ordinal))
        {
            md5sums.Append(Convert.ToHexStringLower(MD5.HashData(f.Content))).Append("  ").Append(f.InstallPath.TrimStart('/')).Append('\n');
        }

        var items = new List<TarItem>
        {
            new("./", 0b111_101_101, null),
            new("./control", 0b110_100_100, Encoding.UTF8.GetBytes(DebControlFile.Render(spec, installedKiB))),
            new("./md5sums", 0b110_100_100, Encoding.UTF8.GetBytes(md5sums.ToString())),
        };
        if (!string.IsNullOrWhiteSpace(spec.PostInstall))
        {
            items.Add(new("./postinst", 0b111_101_101, Encoding.UTF8.GetBytes(DebControlFile.MaintainerScript(spec.PostInstall, "configure"))));
        }

        if (!string.IsNullOrWhiteSpace(spec.PostRemove))
        {
            items.Add(new("./postrm", 0b111_101_101, Encoding.UTF8.GetBytes(DebControlFile.MaintainerScript(spec.PostRemove, "remove|purge"))));
        }

        return ReproducibleTarGz.Build(items, spec.SourceDateEpoch);
    }

    private static IEnumerable<TarItem> DataItems(IReadOnlyList<LoadedFile> files) =>
        ReproducibleTarGz.ParentDirectories(files.Select(f => f.InstallPath))
            .Select(d => new TarItem(d, 0b111_101_101, null))
            .Concat(files.Select(f => new TarItem("." + f.InstallPath, f.Mode, f.Content)));
}
