using KmodForge.Configuration;
using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Images;
using KmodForge.Images.ImageCache;
using KmodForge.IO;

namespace KmodForge.Caching;

/// <summary>Wires a <see cref="CachePruner"/> from the same settings the builds use (cache folders, engine, namespace).</summary>
public static class CachePrunerFactory
{
    public static CachePruner Create(ISettingsProvider settings, IContainerEngine engine, IBuildLog log) =>
        new(engine, new CacheUse(settings.Get<BaseImageSettings>().ResolvedCacheDirectory), settings.Get<CacheSettings>().Validated(),
            settings.Get<ImageCacheSettings>().Validated().ResolvedDirectory, log);
}
