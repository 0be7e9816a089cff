namespace ConnectorHost.Plugins.Normalisation.Tests;

/// <summary>The one e-mail normaliser, on its own: every repair is a warning, every refusal a reason.</summary>
public sealed class EmailAddressTests
{
    [Theory]
    [Trait("Req", "CP-9")]
    [Trait("Req", "CW-8")]
    [InlineData("info@x.be", "info@x.be", 0)]
    [InlineData("  info@X.BE ", "info@x.be", 0)]
    [InlineData("Info@Example.NL", "Info@example.nl", 0)]
    [InlineData("mailto:info@x.be", "info@x.be", 1)]
    [InlineData("MAILTO:info@x.be?subject=Factuur", "info@x.be", 1)]
    [InlineData("info@x.be\u200B", "info@x.be", 1)]
    [InlineData("\uFEFFinfo@x.be", "info@x.be", 1)]
    [InlineData("\u00A0info@x.be\u00A0", "info@x.be", 1)]
    [InlineData("Jan Jansen <jan@jansen.nl>", "jan@jansen.nl", 1)]
    [InlineData("\"Jansen, Jan\" <jan@jansen.nl>", "jan@jansen.nl", 1)]
    [InlineData("mailto:Jan <jan@jansen.nl>\u200B", "jan@jansen.nl", 3)]
    public void Repairs_what_copy_paste_leaves_and_says_so(string raw, string expected, int warnings)
    {
        var cleaned = EmailAddresses.Normalise(raw, EmailRules.Ascii);

        cleaned.IsValid.ShouldBeTrue(cleaned.Problem);
        cleaned.Value.ShouldBe(expected);
        cleaned.Warnings.Count.ShouldBe(warnings, string.Join(" | ", cleaned.Warnings));
    }

    [Fact]
    [Trait("Req", "CP-9")]
    public void Warnings_name_what_was_found()
    {
        EmailAddresses.Normalise("info@x.be\u200B", EmailRules.Ascii).Warnings.ShouldBe(["removed invisible character U+200B ZERO WIDTH SPACE (left by copy-paste)"]);
        EmailAddresses.Normalise("mailto:info@x.be", EmailRules.Ascii).Warnings.ShouldBe(["removed 'mailto:' (a link copied from a web page or a mail) from 'mailto:info@x.be'"]);
        EmailAddresses.Normalise("Jan Jansen <jan@jansen.nl>", EmailRules.Ascii).Warnings.ShouldBe(["removed the display name 'Jan Jansen' (only the address between < > is used)"]);
    }

    [Fact]
    [Trait("Req", "CP-9")]
    public void An_international_domain_becomes_punycode_only_where_the_receiver_needs_ascii()
    {
        var ascii = EmailAddresses.Normalise("info@café.be", EmailRules.Ascii);
        ascii.Value.ShouldBe("info@xn--caf-dma.be");
        ascii.Warnings.ShouldBe(["wrote the domain 'café.be' as 'xn--caf-dma.be' (the receiver needs ASCII)"]);

        var international = EmailAddresses.Normalise("info@Café.be", EmailRules.International);
        international.Value.ShouldBe("info@café.be");
        international.Warnings.ShouldBeEmpty();

        EmailAddresses.Normalise("rené@x.be", EmailRules.Ascii).Problem.ShouldBe("'rené@x.be' has characters outside ASCII before the @ ('rené'), which the receiver does not take");
    }

    [Theory]
    [Trait("Req", "CP-9")]
    [Trait("Req", "CW-8")]
    [InlineData("info", "'info' is not an e-mail address (name@domain)")]
    [InlineData("info@x", "'info@x' is not an e-mail address (name@domain.tld)")]
    [InlineData("in fo@x.be", "'in fo@x.be' has a space inside the address")]
    [InlineData("a@x.be; b@x.be", "'a@x.be; b@x.be' holds more than one address; keep one")]
    [InlineData("a@@x.be", "'a@@x.be' holds more than one address; keep one")]
    [InlineData("jan..jansen@x.be", "'jan..jansen@x.be' is not an e-mail address (name@domain.tld)")]
    [InlineData("info@x..be", "'info@x..be' is not an e-mail address (name@domain.tld)")]
    [InlineData("\u200B", "empty")]
    public void Refuses_what_is_not_one_address_with_the_reason(string raw, string problem)
    {
        var cleaned = EmailAddresses.Normalise(raw, EmailRules.Ascii);

        cleaned.IsValid.ShouldBeFalse();
        cleaned.Problem.ShouldBe(problem);
    }

    [Fact]
    public void A_refusal_shows_the_invisible_characters_it_kept()
    {
        InvisibleCharacters.Visible("BE\u00A00403\u200B").ShouldBe("BE<U+00A0>0403<U+200B>");
        InvisibleCharacters.Visible("plain").ShouldBe("plain");
    }
}
