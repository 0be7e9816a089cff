using System.Text.Encodings.Web;

namespace ConnectorHost.Dashboard;

/// <summary>Small helpers to write server-rendered pages: every value from outside is encoded.</summary>
internal static class Html
{
    public static string E(object? value) => HtmlEncoder.Default.Encode(value?.ToString() ?? string.Empty);

    public static string Page(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>{{E(title)}} - ConnectorHost</title>
          <style>
            body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
            nav a { margin-right: 1rem; }
            table { border-collapse: collapse; margin-top: 1rem; }
            th, td { border-bottom: 1px solid #ddd; padding: .35rem .6rem; text-align: left; vertical-align: top; }
            .orange { background: #ffe3b3; } .red { background: #ffc2c2; }
            .Succeeded { color: #176b1f; } .Failed, .PartlyFailed { color: #a31515; }
            form { display: inline; }
          </style>
        </head>
        <body>
          <nav><a href="/">Overview</a><a href="/monitoring">Monitoring</a><a href="/healthz">Health</a></nav>
          <h1>{{E(title)}}</h1>
          {{body}}
        </body>
        </html>
        """;
}
