namespace KmodForge.Kernels.Crawler;

/// <summary>
/// One kernel-crawler entry as read (shape-checked, not yet mapped): <c>{"kernelversion", "kernelrelease", "target",
/// "headers"?, "kernelconfigdata"?}</c> under a distro key (<c>Ubuntu</c> in the old schema, <c>ubuntu</c> in the new).
/// </summary>
/// <param name="KernelVersion">The <c>#N</c> of <c>uname -v</c>; an integer in old data, a string now (kept as text).</param>
/// <param name="KernelRelease">Comparable to <c>uname -r</c>, except for Debian (see <see cref="CrawlerMapper"/>).</param>
/// <param name="Target">The driverkit target: <c>ubuntu-aws</c>, <c>amazonlinux2023</c>, <c>debian</c>, <c>centos</c>.</param>
public sealed record CrawlerEntry(string DistroKey, string KernelVersion, string KernelRelease, string Target, IReadOnlyList<string> Headers);
