using KmodForge.Tests.Support;
namespace KmodForge.Tests.Targets;

/// <summary>A fact that is skipped, saying why, when the kernel-crawler data beside the repository is absent.</summary>
public sealed class KernelCrawlerFactAttribute : FactAttribute
{
    public KernelCrawlerFactAttribute()
    {
        Skip = KernelCrawlerData.SkipReason;
    }
}

/// <summary>A theory that is skipped, saying why, when the kernel-crawler data beside the repository is absent.</summary>
public sealed class KernelCrawlerTheoryAttribute : TheoryAttribute
{
    public KernelCrawlerTheoryAttribute()
    {
        Skip = KernelCrawlerData.SkipReason;
    }
}

public static class KernelCrawlerData
{
    public static string? SkipReason => File.Exists(RepoPaths.KernelCrawler2022)
        ? null
        : $"kernel-crawler data not found at {RepoPaths.KernelCrawler2022}; these tests read it from ../shared/data beside the repository";
}
