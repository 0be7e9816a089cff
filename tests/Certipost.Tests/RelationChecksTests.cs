namespace ConnectorHost.Plugins.Certipost.Tests;

public sealed class RelationChecksTests
{
    [Theory]
    [Trait("Req", "CP-2")]
    [InlineData("BE0403.170.701", true)]
    [InlineData("0403 170 701", true)]
    [InlineData("403170701", true)]
    [InlineData("BE0812345603", true)]
    [InlineData("BE0812345604", false)]
    [InlineData("BE2403170701", false)]
    [InlineData("BE04031707", false)]
    [InlineData("BE04O3170701", false)]
    public void A_Belgian_enterprise_number_has_ten_digits_and_the_last_two_are_97_minus_the_first_eight_mod_97(string value, bool valid)
    {
        RelationChecks.IsValidBelgianEnterpriseNumber(value, out var digits, out var problem).ShouldBe(valid, problem);
        if (valid)
        {
            digits.Length.ShouldBe(10);
        }
        else
        {
            problem.ShouldContain(value);
        }
    }
}
