using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Packaging;
using Cake.Core.Tooling;

namespace Cake.Frosting;

/// <summary>
/// Tools are installed by the machine's setup (<c>.ci/install.sh</c>), not at build time: a request to install one
/// is reported and otherwise ignored, so the tool is then looked up on PATH as usual.
/// </summary>
internal sealed class NoToolInstaller(ICakeLog log) : IToolInstaller
{
    public IEnumerable<FilePath> Install(PackageReference tool)
    {
        log.Warning("Tool installation is not supported by this host; '{0}' was not installed and must be on PATH.", tool.OriginalString);
        return [];
    }
}
