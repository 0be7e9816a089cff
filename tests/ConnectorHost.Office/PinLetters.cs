using System.Net;
using System.Text.RegularExpressions;

namespace ConnectorHost.Office;

/// <summary>A client user's login and PIN, as the PIN letter tells them.</summary>
/// <param name="Login">The user's login.</param>
/// <param name="Pin">The PIN the user approves with.</param>
public sealed record PinLetter(string Login, string Pin);

/// <summary>
/// The PIN letters the portal set-up import printed (PO-6), one per client user, named <c>{hidden id}_{login}.html</c>:
/// what the office posts to a client, and what the client's user types to approve a document (PO-5).
/// </summary>
/// <param name="folder">The import's letters folder.</param>
public sealed partial class PinLetters(string folder)
{
    /// <summary>The letter of a user of the client with <paramref name="hiddenId"/>, or null while none is printed (or one is half-written).</summary>
    /// <param name="hiddenId">The client's hidden id.</param>
    /// <returns>The login and PIN, or null.</returns>
    public PinLetter? Find(string hiddenId)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        foreach (var file in Directory.EnumerateFiles(folder, hiddenId + "_*.html"))
        {
            var text = File.ReadAllText(file);
            var login = LoginLine().Match(text);
            var pin = PinLine().Match(text);
            if (login.Success && pin.Success)
            {
                return new PinLetter(WebUtility.HtmlDecode(login.Groups["login"].Value), pin.Groups["pin"].Value);
            }
        }

        return null;
    }

    [GeneratedRegex("gebruikersnaam <strong>(?<login>[^<]+)</strong>")]
    private static partial Regex LoginLine();

    [GeneratedRegex("class=\"pin\">(?<pin>[^<]+)<")]
    private static partial Regex PinLine();
}
