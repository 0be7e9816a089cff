namespace ConnectorHost.Plugins.Normalisation.Tests;

/// <summary>Double-encoded text (CP-10) and line breaks in one-line fields, on their own.</summary>
public sealed class TextTests
{
    [Theory]
    [Trait("Req", "CP-10")]
    [InlineData("CafÃ© MÃ¼ller", "Café Müller")]
    [InlineData("Brasserie lâ€™Ã‰toile", "Brasserie l’Étoile")]
    [InlineData("Ã‡a va", "Ça va")]
    [InlineData("SÃ£o Paulo", "São Paulo")]
    public void Text_that_went_through_ansi_and_back_is_found_with_its_likely_original(string text, string original)
    {
        DoubleEncoding.Detect(text, out var found).ShouldBeTrue();
        found.ShouldBe(original);
        DoubleEncoding.Problem(text).ShouldBe($"'{text}' looks double-encoded (a UTF-8 file opened as ANSI and saved again); it was probably '{original}'. Correct it in the source");
    }

    [Theory]
    [Trait("Req", "CP-10")]
    [InlineData("Café Müller")]
    [InlineData("JOÃO")]
    [InlineData("Brasserie l’Étoile")]
    [InlineData("Plain ASCII BV")]
    [InlineData("Straße 5 — 1°")]
    public void Correct_text_is_left_alone(string text)
    {
        DoubleEncoding.Detect(text, out var original).ShouldBeFalse();
        original.ShouldBe(text);
        DoubleEncoding.Problem(text).ShouldBeNull();
    }

    [Fact]
    public void Line_breaks_are_joined_with_a_warning()
    {
        var warnings = new List<string>();

        LineBreaks.Join("Kerkstraat 1\r\nbus 2", "street", warnings).ShouldBe("Kerkstraat 1, bus 2");
        LineBreaks.Join("Kerkstraat 1\n\n bus 2 \u2028", "street", warnings).ShouldBe("Kerkstraat 1, bus 2");
        LineBreaks.Join("Kerkstraat 1", "street", warnings).ShouldBe("Kerkstraat 1");

        warnings.ShouldBe(["street had line breaks; joined into one line: 'Kerkstraat 1, bus 2'", "street had line breaks; joined into one line: 'Kerkstraat 1, bus 2'"]);
    }
}

/// <summary>UTF-16 files are recognised with and without their BOM.</summary>
public sealed class Utf16SnifferTests
{
    [Fact]
    public void Utf16_is_recognised_without_its_bom_and_utf8_is_not_taken_for_it()
    {
        var text = "Naam;KvK-nummer\r\nCafé Müller;12345678\r\n";
        Utf16Sniffer.Detect(System.Text.Encoding.Unicode.GetBytes(text)).ShouldBe("UTF-16LE");
        Utf16Sniffer.Detect(System.Text.Encoding.BigEndianUnicode.GetBytes(text)).ShouldBe("UTF-16BE");
        Utf16Sniffer.Detect([0xFF, 0xFE, (byte)'N', 0]).ShouldBe("UTF-16LE");
        Utf16Sniffer.Detect(System.Text.Encoding.UTF8.GetBytes(text)).ShouldBeNull();
        Utf16Sniffer.Detect(System.Text.Encoding.Latin1.GetBytes(text)).ShouldBeNull();
    }
}
