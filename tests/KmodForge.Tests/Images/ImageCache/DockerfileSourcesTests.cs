using KmodForge.Images.ImageCache;

namespace KmodForge.Tests.Images.ImageCache;

public sealed class DockerfileSourcesTests
{
    [Fact]
    public void Reads_copy_and_add_sources_in_shell_and_json_form_skipping_flags()
    {
        var sources = DockerfileSources.Parse("""
            FROM debian:12
            # COPY commented/ /nowhere/
            COPY --chown=root:root --chmod=0755 a.sh b.sh /usr/local/bin/
            copy ["with space.txt", "/etc/x"]
            ADD https://example.org/key.asc /etc/apt/keys/
            RUN echo COPY not-a-copy /tmp
            """);

        Assert.Equal(["a.sh", "b.sh", "with space.txt", "https://example.org/key.asc"], sources.Select(s => s.Path));
        Assert.Equal([false, false, false, true], sources.Select(s => s.IsUrl));
        Assert.Equal(3, sources[0].Line);
    }

    [Fact]
    public void Joins_continuation_lines_and_ignores_copies_from_other_stages_and_heredocs()
    {
        var sources = DockerfileSources.Parse("FROM a AS build\nCOPY \\\n  one \\\n  two /dst/\nCOPY --from=build /out /out\nCOPY <<EOF /etc/conf\nx\nEOF\n");

        Assert.Equal(["one", "two"], sources.Select(s => s.Path));
        Assert.Equal(2, sources[0].Line);
    }

    [Fact]
    public void Bad_json_form_is_an_error_naming_the_line()
    {
        var e = Assert.Throws<FormatException>(() => DockerfileSources.Parse("FROM a\nCOPY [\"a\", /b]\n"));

        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }
}
