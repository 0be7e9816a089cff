namespace ConnectorHost.Plugins.Normalisation.Tests;

/// <summary>Phone numbers and numbers-as-text that lost their leading zero (PO-10), on their own.</summary>
public sealed class PhoneAndNumberTests
{
    [Theory]
    [Trait("Req", "PO-10")]
    [InlineData("06 1234 5678", "0612345678", 0)]
    [InlineData("06-12345678", "0612345678", 0)]
    [InlineData("+31 (0)6 1234 5678", "+31612345678", 0)]
    [InlineData("0031612345678", "+31612345678", 0)]
    [InlineData("612345678", "0612345678", 1)]
    [InlineData("6 1234 5678\u200B", "0612345678", 2)]
    [InlineData("020 123 4567", "0201234567", 0)]
    public void Cleans_numbers_and_repairs_a_dutch_mobile_without_its_zero(string raw, string expected, int warnings)
    {
        var cleaned = PhoneNumbers.Normalise(raw, PhoneRules.Dutch);

        cleaned.IsValid.ShouldBeTrue(cleaned.Problem);
        cleaned.Value.ShouldBe(expected);
        cleaned.Warnings.Count.ShouldBe(warnings, string.Join(" | ", cleaned.Warnings));
    }

    [Fact]
    [Trait("Req", "PO-10")]
    public void The_repair_is_a_warning_naming_both_numbers_and_e164_is_given_where_wanted()
    {
        PhoneNumbers.Normalise("612345678", PhoneRules.Dutch).Warnings
            .ShouldBe(["mobile number '612345678' lost its leading zero (a number cell in the spreadsheet); read as 0612345678"]);
        PhoneNumbers.Normalise("612345678", PhoneRules.DutchE164).Value.ShouldBe("+31612345678");
        PhoneNumbers.Normalise("06 1234 5678", PhoneRules.DutchE164).Value.ShouldBe("+31612345678");
    }

    [Theory]
    [Trait("Req", "PO-10")]
    [InlineData("201234567", "'201234567' has no leading 0 or +: did the spreadsheet drop a leading zero? Which number it was cannot be told; enter it as text with its 0 or +")]
    [InlineData("12345", "'12345' is not a phone number (write it with its 0 or +, for example 06 1234 5678)")]
    [InlineData("06 1234 567x", "'06 1234 567x' is not a phone number (it holds 'x')")]
    [InlineData("061234567890", "'061234567890' has 12 digits; a phone number written with its 0 has 9 or 10")]
    [InlineData("+31 6", "'+31 6' is not an international phone number (+ and 8 to 15 digits)")]
    public void Refuses_an_ambiguous_or_broken_number_with_the_reason(string raw, string problem) =>
        PhoneNumbers.Normalise(raw, PhoneRules.Dutch).Problem.ShouldBe(problem);

    [Fact]
    [Trait("Req", "PO-10")]
    public void Kvk_bsn_and_postal_codes_that_lost_zeros_are_repaired_when_certain_and_refused_otherwise()
    {
        DutchNumbers.Kvk("0123 4567").Value.ShouldBe("01234567");
        DutchNumbers.Kvk("1234567").Problem.ShouldBe("KvK number '1234567' has 7 digits, not 8 (did Excel drop a leading zero? format the column as text)");
        DutchNumbers.Kvk("1234567X").Problem.ShouldBe("KvK number '1234567X' is not 8 digits");

        DutchNumbers.Bsn("111222333").Value.ShouldBe("111222333");
        var repaired = DutchNumbers.Bsn("12345672"); // 012345672 passes the eleven test
        repaired.Value.ShouldBe("012345672");
        repaired.Warnings.ShouldBe(["BSN '12345672' lost its leading zero (a number cell in the spreadsheet); read as 012345672, which passes the eleven test"]);
        DutchNumbers.Bsn("12345678").IsValid.ShouldBeFalse();
        DutchNumbers.Bsn("123456789").Problem.ShouldBe("BSN '123456789' fails the eleven test (elfproef); check the number");

        DutchNumbers.PostalCode("1234 AB").Value.ShouldBe("1234 AB");
        DutchNumbers.PostalCode("999").Problem.ShouldStartWith("postal code '999' has 3 digits; a Dutch or Belgian postal code has 4");
    }
}
