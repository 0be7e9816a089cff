namespace ConnectorHost.Dashboard;

/// <summary>
/// The dashboard's texts (UI-6): <c>IStringLocalizer&lt;Texts&gt;</c> finds a page's English text in
/// <c>Texts.nl.resx</c> for Dutch and gives the English text itself otherwise.
/// </summary>
public sealed class Texts
{
    private Texts()
    {
    }
}
