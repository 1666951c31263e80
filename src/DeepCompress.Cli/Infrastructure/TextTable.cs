namespace DeepCompress.Cli.Infrastructure;

/// <summary>A plain aligned text table: stable output for scripts and diffs (no colour, no terminal width).</summary>
public sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <param name="headers">Column headers; a header starting with '>' is right-aligned (the '>' is dropped).</param>
    public TextTable(params string[] headers)
    {
        _rightAligned = headers.Select(h => h.StartsWith('>')).ToArray();
        _headers = headers.Select(h => h.TrimStart('>')).ToArray();
    }

    public void AddRow(params string[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"row has {cells.Length} cells, table has {_headers.Length} columns");
        }

        _rows.Add(cells);
    }

    /// <summary>A row set off by a rule above it, for totals.</summary>
    public void AddFooter(params string[] cells)
    {
        _rows.Add([]);
        AddRow(cells);
    }

    public void Write(TextWriter writer)
    {
        var widths = new int[_headers.Length];
        for (var c = 0; c < widths.Length; c++)
        {
            widths[c] = Math.Max(_headers[c].Length, _rows.Where(r => r.Length > 0).Select(r => r[c].Length).DefaultIfEmpty(0).Max());
        }

        WriteLine(writer, _headers, widths);
        var rule = string.Join("  ", widths.Select(w => new string('-', w)));
        writer.WriteLine(rule);
        foreach (var row in _rows)
        {
            if (row.Length == 0)
            {
                writer.WriteLine(rule);
            }
            else
            {
                WriteLine(writer, row, widths);
            }
        }
    }

    private void WriteLine(TextWriter writer, string[] cells, int[] widths)
    {
        var parts = cells.Select((cell, c) => _rightAligned[c] ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
        writer.WriteLine(string.Join("  ", parts).TrimEnd());
    }
}
