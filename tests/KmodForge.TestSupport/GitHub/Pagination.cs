using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace KmodForge.TestSupport.GitHub;

/// <summary>GitHub's page-number pagination: <c>per_page</c> (default 30, at most 100), <c>page</c>, and a <c>Link</c> header.</summary>
internal static class Pagination
{
    public static IReadOnlyList<T> Page<T>(HttpRequest request, HttpResponse response, IReadOnlyList<T> all, string url)
    {
        var perPage = Math.Clamp(int.TryParse(request.Query["per_page"], CultureInfo.InvariantCulture, out var p) ? p : 30, 1, 100);
        var page = Math.Max(1, int.TryParse(request.Query["page"], CultureInfo.InvariantCulture, out var n) ? n : 1);
        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var extra = string.Join(string.Empty, request.Query
            .Where(q => q.Key is not ("per_page" or "page"))
            .Select(q => $"&{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}"));
        string Link(int target, string rel) => $"<{url}?per_page={perPage}&page={target}{extra}>; rel=\"{rel}\"";
        var links = new List<string>();
        if (page > 1)
        {
            links.Add(Link(page - 1, "prev"));
        }

        if (page < last)
        {
            links.Add(Link(page + 1, "next"));
            links.Add(Link(last, "last"));
        }

        if (page > 1)
        {
            links.Add(Link(1, "first"));
        }

        if (links.Count > 0)
        {
            response.Headers.Link = string.Join(", ", links);
        }

        return [.. all.Skip((page - 1) * perPage).Take(perPage)];
    }
}
