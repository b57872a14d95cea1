namespace Orleans.Noken.Engine.Outcomes.Calibration;

/// <summary>
/// One row of a blind hand-labelled sample of noken outputs (tests/Engine.Tests/Behaviour/Data/labelled-noken-outputs.md
/// describes the format and how the committed sample was made): the reply a prompt got with a noken, its control
/// (the reply without one) and the label a person gave it by reading, before any score was looked at.
/// </summary>
public sealed record LabelledOutput(string Id, string Prompt, string Control, string Reply, string Label, string Note)
{
    /// <summary>The (prompt, reply) text: identical texts got the same label and must not straddle a split.</summary>
    public string Group => Prompt + "\n" + Reply;
}

/// <summary>Reads and validates the tab-separated labelled sample.</summary>
public static class LabelledOutputs
{
    static readonly string[] Header = ["id", "prompt", "control", "reply", "label", "note"];

    /// <summary>At most this many rows: the file is read whole and every row is scored by a model.</summary>
    public const int MaxRows = 100_000;

    public static IReadOnlyList<LabelledOutput> Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllLines(path), path) : throw new FileNotFoundException($"{path}: labelled sample does not exist", path);

    /// <summary>Parses the lines; a bad row is reported with its line number, since the file is edited by hand.</summary>
    public static IReadOnlyList<LabelledOutput> Parse(IReadOnlyList<string> lines, string name)
    {
        if (lines.Count == 0 || !lines[0].Split('\t').SequenceEqual(Header))
            throw new FormatException($"{name}:1: the header must be {string.Join("<TAB>", Header)}");
        var rows = new List<LabelledOutput>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Count; i++)
        {
            if (lines[i].Length == 0) continue;
            var cells = lines[i].Split('\t');
            if (cells.Length != Header.Length) throw new FormatException($"{name}:{i + 1}: {cells.Length} columns, expected {Header.Length}");
            var row = new LabelledOutput(cells[0], cells[1], Unescape(cells[2]), Unescape(cells[3]), cells[4], Unescape(cells[5]));
            if (!HumanLabel.All.Contains(row.Label))
                throw new FormatException($"{name}:{i + 1}: label '{row.Label}' is not one of {string.Join(", ", HumanLabel.All)}");
            if (!ids.Add(row.Id)) throw new FormatException($"{name}:{i + 1}: id '{row.Id}' appears twice");
            rows.Add(row);
            if (rows.Count > MaxRows) throw new FormatException($"{name}: more than {MaxRows} rows");
        }
        if (rows.Count == 0) throw new FormatException($"{name}: no labelled rows");
        return rows;
    }

    /// <summary>Undoes the file's escapes: <c>\t</c>, <c>\n</c> and <c>\\</c>.</summary>
    public static string Unescape(string cell)
    {
        if (!cell.Contains('\\')) return cell;
        var text = new System.Text.StringBuilder(cell.Length);
        for (int i = 0; i < cell.Length; i++)
        {
            if (cell[i] != '\\' || i + 1 == cell.Length) { text.Append(cell[i]); continue; }
            text.Append(cell[++i] switch { 't' => '\t', 'n' => '\n', var c => c });
        }
        return text.ToString();
    }
}
