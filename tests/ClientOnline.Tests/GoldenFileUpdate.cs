namespace ConnectorHost.Plugins.ClientOnline.Tests;

/// <summary>
/// The update mode of a pinned (golden) file: asked for with <c>VARIABLE=1</c> on a developer's machine, refused when
/// <c>CI</c> is set, and never a pass: a rewritten file fails the run so the change is reviewed and committed.
/// </summary>
internal static class GoldenFileUpdate
{
    /// <summary>Whether <paramref name="variable"/> asks to rewrite the pinned file.</summary>
    /// <exception cref="InvalidOperationException">The update is asked for while <c>CI</c> is set.</exception>
    public static bool IsRequested(string variable, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (environment(variable) != "1")
        {
            return false;
        }

        var ci = environment("CI");
        if (!string.IsNullOrEmpty(ci) && ci is not ("0" or "false" or "False"))
        {
            throw new InvalidOperationException(
                $"{variable}=1 asks to rewrite a pinned file, but CI={ci} is set: a pinned file is never rewritten in CI, because the "
                + $"test would then pass whatever is served. Unset {variable} in CI; update the file on your machine, review the diff and commit it.");
        }

        return true;
    }

    /// <summary>Writes the new pinned text and fails the test, naming the file, so the change is reviewed before it passes.</summary>
    public static void WriteAndFail(string path, string text, string rerun)
    {
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Assert.Fail($"Rewrote {path} from what is served. Review it (git diff), commit it with the contract change, and run again without the update variable: {rerun}");
    }
}
