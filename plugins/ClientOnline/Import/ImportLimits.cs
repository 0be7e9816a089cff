using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.IO.Compression;

namespace ConnectorHost.Plugins.ClientOnline.Import;

/// <summary>
/// FH-5: how large an export (or users file) the import reads. A file over a limit is refused before it is read into
/// memory, with the limit named, so a hostile or broken workbook (a zip bomb, a sheet that claims a million rows)
/// cannot take the host's memory.
/// </summary>
public sealed class ImportLimits
{
    /// <summary>One megabyte as these settings count it.</summary>
    internal const long Megabyte = 1024 * 1024;

    /// <summary>Parts of an .xlsx smaller than this when unpacked are not held to <see cref="MaxCompressionRatio"/>.</summary>
    internal const long RatioCheckedFrom = Megabyte;

    /// <summary>The most merged cells (the area of every merged range together) a worksheet may hold.</summary>
    internal const long MaxMergedCells = 1_000_000;

    /// <summary>The largest file.</summary>
    [Description("The largest export or users file the import reads, in MB (1 MB = 1,048,576 bytes); a larger file is refused before it is opened.")]
    [Range(1, 1024)]
    public int MaxFileMb { get; set; } = 20;

    /// <summary>What an .xlsx may unpack to.</summary>
    [Description("For an .xlsx (a zip of XML parts): the most its parts may unpack to together, in MB. Checked from the zip's directory and again while unpacking, before the workbook is read; reading a workbook takes about six times this in memory.")]
    [Range(1, 1024)]
    public int MaxUnpackedMb { get; set; } = 50;

    /// <summary>How much one part of an .xlsx may grow when unpacked.</summary>
    [Description("For an .xlsx: how many times its packed size one part may unpack to (Excel's own files stay under 20; a zip bomb unpacks hundreds of times). Parts under 1 MB unpacked are not checked.")]
    [Range(10, 100_000)]
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>The most rows.</summary>
    [Description("The most rows (.xlsx, from the first used one to the last) or lines (.csv) an export may have.")]
    [Range(1, 1_048_576)]
    public int MaxRows { get; set; } = 100_000;

    /// <summary>The most columns.</summary>
    [Description("The most columns (.xlsx, from the first used one to the last) or values on a line (.csv) an export may have.")]
    [Range(1, 16_384)]
    public int MaxColumns { get; set; } = 200;

    /// <summary>The longest cell.</summary>
    [Description("The most characters one cell (or CSV value) may hold.")]
    [Range(1, 1_048_576)]
    public int MaxCellLength { get; set; } = 4_000;

    /// <summary>The file's size, refused when over <see cref="MaxFileMb"/>.</summary>
    /// <exception cref="ImportFileException">The file is larger.</exception>
    internal void CheckFileSize(string name, long length)
    {
        if (length > MaxFileMb * Megabyte)
        {
            throw Refused(name, $"the file is {Mb(length)}, more than the {MaxFileMb} MB allowed (limits.maxFileMb)", "split the export, or raise limits.maxFileMb");
        }
    }

    /// <summary>Reads a whole (CSV) file, never more than <see cref="MaxFileMb"/>, also when it grows while being read.</summary>
    /// <exception cref="ImportFileException">The file is larger.</exception>
    internal byte[] ReadAllBytes(string name, string path)
    {
        using var stream = ImportFile.OpenRead(name, path, 1);
        CheckFileSize(name, stream.Length);
        var cap = MaxFileMb * Megabyte;
        using var memory = new MemoryStream((int)Math.Min(stream.Length, cap));
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            memory.Write(buffer, 0, read);
            CheckFileSize(name, memory.Length);
        }

        return memory.ToArray();
    }

    /// <summary>
    /// Checks an .xlsx before it is read: its size, then from the zip's directory each part's ratio and the parts'
    /// total unpacked size, then the same again by unpacking every part to nothing (a directory can lie), stopping at
    /// the first byte over a limit. Memory stays flat: nothing unpacked is kept.
    /// </summary>
    /// <exception cref="ImportFileException">A limit is passed, or the file is not a zip.</exception>
    internal void CheckWorkbook(string name, string path)
    {
        using var stream = ImportFile.OpenRead(name, path, 4096);
        CheckFileSize(name, stream.Length);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new ImportFileException($"{name}: not a readable .xlsx workbook ({ex.Message}). Save the export from Excel as 'Excel Workbook (.xlsx)'.");
        }

        using (zip)
        {
            var cap = MaxUnpackedMb * Megabyte;
            long declared = 0;
            foreach (var entry in zip.Entries)
            {
                declared += entry.Length;
                CheckRatio(name, entry.FullName, entry.Length, entry.CompressedLength);
                CheckUnpacked(name, declared, cap);
            }

            long unpacked = 0;
            var sink = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                long part = 0;
                try
                {
                    using var content = entry.Open();
                    int read;
                    while ((read = content.Read(sink, 0, sink.Length)) > 0)
                    {
                        part += read;
                        unpacked += read;
                        CheckUnpacked(name, unpacked, cap);
                        CheckRatio(name, entry.FullName, part, entry.CompressedLength);
                    }
                }
                catch (InvalidDataException ex)
                {
                    throw new ImportFileException($"{name}: not a readable .xlsx workbook (part {entry.FullName}: {ex.Message}). Save the export from Excel as 'Excel Workbook (.xlsx)' again.");
                }
            }
        }
    }

    /// <summary>Refuses a worksheet whose used range is over <see cref="MaxRows"/> or <see cref="MaxColumns"/>.</summary>
    /// <exception cref="ImportFileException">It is.</exception>
    internal void CheckRange(string where, int rows, int columns, string range)
    {
        if (rows > MaxRows)
        {
            throw Refused(where, Text($"the used range {range} spans {rows:N0} rows, more than the {MaxRows:N0} allowed (limits.maxRows)"), "delete the empty rows below the data (a cell far down that holds a space or a format counts), or raise limits.maxRows");
        }

        if (columns > MaxColumns)
        {
            throw Refused(where, Text($"the used range {range} spans {columns:N0} columns, more than the {MaxColumns:N0} allowed (limits.maxColumns)"), "delete the empty columns right of the data, or raise limits.maxColumns");
        }
    }

    /// <summary>Refuses a CSV line or a worksheet row with more values than <see cref="MaxColumns"/>.</summary>
    /// <exception cref="ImportFileException">It has.</exception>
    internal void CheckColumns(string where, int columns)
    {
        if (columns > MaxColumns)
        {
            throw Refused(where, Text($"it has {columns:N0} values, more than the {MaxColumns:N0} columns allowed (limits.maxColumns)"), "check the separator, or raise limits.maxColumns");
        }
    }

    /// <summary>Refuses a file with more lines than <see cref="MaxRows"/>.</summary>
    /// <exception cref="ImportFileException">It has.</exception>
    internal void CheckRows(string where, int rows)
    {
        if (rows > MaxRows)
        {
            throw Refused(where, Text($"the file has more than {MaxRows:N0} lines, the most allowed (limits.maxRows)"), "split the export, or raise limits.maxRows");
        }
    }

    /// <summary>Refuses a cell longer than <see cref="MaxCellLength"/>.</summary>
    /// <exception cref="ImportFileException">It is.</exception>
    internal void CheckCell(string where, int length)
    {
        if (length > MaxCellLength)
        {
            throw Refused(where, Text($"a cell holds more than {MaxCellLength:N0} characters, the most allowed (limits.maxCellLength)"), "correct the cell (is a closing quote missing?), or raise limits.maxCellLength");
        }
    }

    private void CheckUnpacked(string name, long unpacked, long cap)
    {
        if (unpacked > cap)
        {
            throw Refused(name, $"the workbook unpacks to more than {MaxUnpackedMb} MB (limits.maxUnpackedMb); a workbook this large, or a zip bomb, is not read", "check where the file came from; split a real export, or raise limits.maxUnpackedMb");
        }
    }

    private void CheckRatio(string name, string part, long unpacked, long packed)
    {
        if (unpacked >= RatioCheckedFrom && unpacked > (double)Math.Max(packed, 1) * MaxCompressionRatio)
        {
            throw Refused(name, Text($"its part {part} unpacks more than {MaxCompressionRatio} times its packed size ({Mb(packed)} packed, {Mb(unpacked)} or more unpacked; limits.maxCompressionRatio), as a zip bomb does"), "check where the file came from; save it again from Excel, or raise limits.maxCompressionRatio");
        }
    }

    private static ImportFileException Refused(string where, string what, string todo) => new($"{where}: refused: {what}. Nothing was imported; {todo}.");

    private static string Mb(long bytes) => Text($"{bytes / (double)Megabyte:0.0} MB");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
