using Spectre.Console;

namespace Orleans.Noken.Client.Commands;

/// <summary>
/// A table of rows × columns (strategies × outcome classes, say) laid out to fit the console — 80 columns in a pipe or
/// a log — without ever breaking a name: as given when it fits, transposed when that fits, else one line per non-empty
/// cell (row, column, value), which fits any width. Spectre would otherwise wrap names mid-word ("gaussian-d / iag").
/// </summary>
internal sealed class FittedMatrix(string title, string rowHeader, IReadOnlyList<string> rows, IReadOnlyList<string> columns, Func<int, int, string> cell)
{
    /// <summary>Columns a rounded Spectre table spends on each column beyond its text: a border and one space each side.</summary>
    const int PerColumn = 3;

    public Table Build(int width)
    {
        if (Width(rows, columns, (r, c) => cell(r, c)) <= width) return Wide(rows, columns, (r, c) => cell(r, c), rowHeader);
        if (Width(columns, rows, (c, r) => cell(r, c)) <= width) return Wide(columns, rows, (c, r) => cell(r, c), "");
        var table = new Table().Title($"[bold]{Markup.Escape(title)}[/]").AddColumns(Markup.Escape(rowHeader), "", "");
        foreach (var column in table.Columns) column.NoWrap();
        for (int r = 0; r < rows.Count; r++)
            for (int c = 0; c < columns.Count; c++)
                if (cell(r, c) is { Length: > 0 } text) table.AddRow(Markup.Escape(rows[r]), Markup.Escape(columns[c]), Markup.Escape(text));
        return table;
    }

    /// <summary>The console's width when it is one, else 80 (Spectre's own width for a pipe).</summary>
    public Table Build() => Build(Console.IsOutputRedirected ? 80 : AnsiConsole.Profile.Width);

    Table Wide(IReadOnlyList<string> down, IReadOnlyList<string> across, Func<int, int, string> at, string corner)
    {
        var table = new Table().Title($"[bold]{Markup.Escape(title)}[/]").AddColumn(new TableColumn(Markup.Escape(corner)).NoWrap());
        foreach (var name in across) table.AddColumn(new TableColumn(Markup.Escape(name)).NoWrap().RightAligned());
        for (int d = 0; d < down.Count; d++)
            table.AddRow([Markup.Escape(down[d]), .. Enumerable.Range(0, across.Count).Select(a => Markup.Escape(at(d, a)))]);
        return table;
    }

    static int Width(IReadOnlyList<string> down, IReadOnlyList<string> across, Func<int, int, string> at) =>
        1 + PerColumn * (across.Count + 1) + down.Append("").Max(d => d.Length)
        + Enumerable.Range(0, across.Count).Sum(a => Math.Max(across[a].Length, Enumerable.Range(0, down.Count).Max(d => at(d, a).Length)));
}
