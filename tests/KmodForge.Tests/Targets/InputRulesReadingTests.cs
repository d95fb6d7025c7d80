using System.Text.RegularExpressions;
using KmodForge.Targets;
using Xunit;

namespace KmodForge.Tests.Targets;

/// <summary>The kernel release character rule, checked by hand, held to the pattern it replaces (written out here as the oracle).</summary>
public class InputRulesReadingTests
{
    private static readonly Regex KernelReleaseChars = new(@"^[0-9][A-Za-z0-9._+~-]*\z", RegexOptions.CultureInvariant);

    [Theory]
    [InlineData("6.8.0-48-generic")]
    [InlineData("6.12.30+bpo-amd64")]
    [InlineData("5.14.0-570.el9.aarch64+64k")]
    [InlineData("6.1.0-28-amd64~x_y")]
    [InlineData("6")]
    [InlineData("")]
    [InlineData("v6.8.0")]
    [InlineData("6.8.0 -48")]
    [InlineData("6.8.0-48\n")]
    [InlineData("6.8.0-48/../x")]
    [InlineData("6.8.0;rm -rf")]
    [InlineData("6.8.0-48-généric")]
    [InlineData("٦.8.0-48")]
    [InlineData("6.8.0-٤8")]
    [InlineData("６.8.0")]
    [InlineData("6.8.0-48$(id)")]
    [InlineData("6.8.0-48`id`")]
    [InlineData("6.8.0-48\u0000")]
    public void Checks_kernel_release_characters_as_its_pattern_does(string value)
    {
        Assert.Equal(KernelReleaseChars.IsMatch(value), InputRules.IsKernelReleaseText(value));
    }

    [Fact]
    public void Every_single_character_after_a_digit_is_judged_as_the_pattern_judges_it()
    {
        for (var c = 0; c < 0x3000; c++)
        {
            foreach (var value in new[] { "6" + (char)c, (char)c + "6", "6.1" + (char)c + "0" })
            {
                Assert.True(KernelReleaseChars.IsMatch(value) == InputRules.IsKernelReleaseText(value), $"U+{c:X4} in {Printable(value)}");
            }
        }
    }

    private static string Printable(string value) => KmodForge.Errors.Printable.Quote(value);
}
