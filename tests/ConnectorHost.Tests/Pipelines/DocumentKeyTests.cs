using ConnectorHost.Pipelines;

namespace ConnectorHost.Tests.Pipelines;

/// <summary>
/// CO-7: the document key is a hash over the content together with the file name, and no two different pairs of
/// content and name share one. The expected values are computed with coreutils, not with the code under test.
/// </summary>
public sealed class DocumentKeyTests
{
    [Fact]
    [Trait("Req", "CO-7")]
    public void The_key_is_the_sha256_of_the_contents_sha256_beside_the_names_sha256()
    {
        // printf 'content' > c; { sha256sum < c | xxd -r -p; printf '%s' 12345678_a.pdf | sha256sum | xxd -r -p; } | sha256sum
        DocumentKey.Compute("content"u8, "12345678_a.pdf").ShouldBe("e5e6299a72114297fd266823a66a004960b2cc854192b0263ddf570f79078f71");
        DocumentKey.CurrentVersion.ShouldBe(2);
    }

    [Fact]
    [Trait("Req", "CO-7")]
    public void Content_shifted_into_the_name_gives_another_key_where_the_first_key_gave_the_same()
    {
        // { printf 'ab'; printf 'c.pdf'; } | sha256sum  and  { printf 'a'; printf 'bc.pdf'; } | sha256sum: the same
        DocumentKey.ComputeVersion1("ab"u8, "c.pdf").ShouldBe("7cd7f6c3b60cd1d8daa510bde7416a11475543ebaec13aca9ee7fba86baf9249");
        DocumentKey.ComputeVersion1("a"u8, "bc.pdf").ShouldBe("7cd7f6c3b60cd1d8daa510bde7416a11475543ebaec13aca9ee7fba86baf9249");

        // { sha256sum < ab | xxd -r -p; printf '%s' c.pdf | sha256sum | xxd -r -p; } | sha256sum, and for a + bc.pdf
        DocumentKey.Compute("ab"u8, "c.pdf").ShouldBe("182896a4d6dbed57fbaac35edaf553db92a2eaf4f49b929ec6e271c6e96e4288");
        DocumentKey.Compute("a"u8, "bc.pdf").ShouldBe("3ce9ab9a3ea90ac8b167d8873700e3c3ba058ee731151de695a9d4295ba73ee7");
    }

    [Fact]
    [Trait("Req", "CO-7")]
    public void Changing_the_content_or_the_name_changes_the_key()
    {
        var key = DocumentKey.Compute("content"u8, "12345678_a.pdf");

        DocumentKey.Compute("content!"u8, "12345678_a.pdf").ShouldNotBe(key);
        DocumentKey.Compute("content"u8, "12345678_b.pdf").ShouldNotBe(key);
        DocumentKey.Compute("content"u8, "12345678_A.pdf").ShouldNotBe(key);
        DocumentKey.Compute(System.Security.Cryptography.SHA256.HashData("content"u8), "12345678_a.pdf").ShouldNotBe(key);
    }

    [Fact]
    public void The_key_from_a_content_hash_is_the_key_of_the_content()
    {
        DocumentKey.FromContentHash(System.Security.Cryptography.SHA256.HashData("content"u8), "12345678_a.pdf")
            .ShouldBe(DocumentKey.Compute("content"u8, "12345678_a.pdf"));
        Should.Throw<ArgumentException>(() => DocumentKey.FromContentHash(new byte[31], "x.pdf")).Message.ShouldContain("32 bytes");
    }
}
