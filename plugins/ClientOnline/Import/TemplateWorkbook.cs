using ClosedXML.Excel;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// The portal's import template as an .xlsx workbook: a sheet "Cliënten" with the configured column headings (so a
/// filled-in template imports as it is) and a sheet "Toelichting" explaining every column, and the users file's.
/// </summary>
internal static class TemplateWorkbook
{
    private static readonly Dictionary<TemplateField, string> Explanations = new()
    {
        [TemplateField.Name] = "The client's name. Needed.",
        [TemplateField.KvkNumber] = "The KvK number, 8 digits (format the column as text so a leading zero stays). KvK number or hidden id is needed.",
        [TemplateField.HiddenId] = "The client's number in your own package; the portal keeps it as the hidden id.",
        [TemplateField.Address] = "Street and house number, for the PIN letters.",
        [TemplateField.PostalCode] = "The postal code.",
        [TemplateField.City] = "The city.",
        [TemplateField.Email] = "The client's e-mail address.",
        [TemplateField.Branch] = "The branch (vestiging); empty: concern-wide.",
        [TemplateField.Group] = "The client group; empty: the import's group. Only new clients are placed in groups.",
        [TemplateField.Token] = "Pin or Sms: how the client's users confirm approvals. Sms needs a mobile number.",
        [TemplateField.UserLogin] = "The login of the client's first user, the superuser with all rights. Empty: no user from this row.",
        [TemplateField.UserFullName] = "The first user's full name; the PIN letter is addressed to this person.",
        [TemplateField.UserEmail] = "The first user's e-mail address.",
        [TemplateField.UserMobile] = "The first user's mobile number, for SMS codes.",
    };

    /// <summary>Writes the template.</summary>
    /// <param name="path">The .xlsx file to write.</param>
    /// <param name="columns">The configured headings.</param>
    /// <returns>The full path written.</returns>
    public static string Write(string path, ImportColumns columns)
    {
        if (!path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"The template is an Excel workbook: give a file name ending in .xlsx, not {Path.GetFileName(path)}.");
        }

        var fields = columns.All().Where(c => !string.IsNullOrWhiteSpace(c.Heading)).ToList();
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Cliënten");
        for (var i = 0; i < fields.Count; i++)
        {
            var cell = sheet.Cell(1, i + 1);
            cell.Value = fields[i].Heading;
            cell.Style.Font.Bold = true;
            sheet.Column(i + 1).Width = Math.Max(14, fields[i].Heading.Length + 4);
            sheet.Column(i + 1).Style.NumberFormat.Format = "@";
        }

        sheet.SheetView.FreezeRows(1);
        var help = workbook.Worksheets.Add("Toelichting");
        help.Cell(1, 1).Value = "Column";
        help.Cell(1, 2).Value = "Setting";
        help.Cell(1, 3).Value = "Meaning";
        help.Row(1).Style.Font.Bold = true;
        var row = 2;
        foreach (var (field, key, heading) in fields)
        {
            help.Cell(row, 1).Value = heading;
            help.Cell(row, 2).Value = "columns." + key;
            help.Cell(row, 3).Value = Explanations[field];
            row++;
        }

        row++;
        help.Cell(row++, 1).Value = "More users per client go in a users file (setting usersFile) with the headings:";
        help.Cell(row++, 1).Value = string.Join(", ", ClientRows.UserHeadings);
        help.Cell(row, 1).Value = "Rechten: per document type Mag or Moet accorderen, for example 'jaarrekening=Moet; OB-aangifte=Mag'.";
        help.Column(1).Width = 26;
        help.Column(2).Width = 22;
        help.Column(3).Width = 100;

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        workbook.SaveAs(full);
        return full;
    }
}
