using System.Globalization;
using System.Text;
using Orleans.Noken.Engine.Study;
using static Orleans.Noken.Engine.Reporting.HtmlReport;

namespace Orleans.Noken.Engine.Reporting;

/// <summary>
/// The hardening study (<c>noken study arms</c>'s <c>arms.json</c>), organised by its questions: each opens with the
/// question, the one-sentence answer and its number (arm − clean, Welch 95 % across seeds), then the evidence — every
/// arm's mean, per-seed values and interval. Given several tables (one per model size), the primary question's answer
/// per size, as a table (a chart of three points says less than its numbers).
/// </summary>
internal static class StudySection
{
    public static string Build(IReadOnlyList<ArmsTable> tables)
    {
        var html = new StringBuilder();
        foreach (var table in tables)
        {
            var answers = StudyQuestions.Of(table);
            html.Append($"<h2>Crux 2 on <code>{E(table.Model)}</code>: does hardening carry over to text without nokens?</h2>");
            html.Append($"<p class=\"note\">Every arm trained at {table.Budget:N0} forward-pass equivalents (the adversary's passes counted); " +
                "the unit is the training seed; intervals are Student-t across seeds, differences Welch.</p>");
            foreach (var answer in answers.Questions)
                html.Append($"<h3>{E(answer.Question)}</h3><p><b>{E(answer.Answer)}</b> ({answer.Units} seeds; <code>{E(answer.Id)}</code>)</p>");
            html.Append(Evidence(table));
        }
        if (tables.Count > 1) html.Append(BySize(tables));
        return html.ToString();
    }

    static string Evidence(ArmsTable table)
    {
        var html = new StringBuilder("<h3>Evidence: every arm, every outcome</h3><table><tr><th>arm</th><th>seeds</th><th>steps</th><th>outcome</th>" +
            "<th>mean [95%]</th><th>per seed</th><th>Δ vs clean [95%]</th></tr>");
        foreach (var row in table.Arms)
            foreach (var (o, i) in row.Outcomes.Select((o, i) => (o, i)))
                html.Append($"<tr><td>{(i == 0 ? E($"{row.Id} {row.Arm}") : "")}</td><td>{(i == 0 ? row.Seeds : "")}</td><td>{(i == 0 ? row.Steps : "")}</td>" +
                    $"<td>{E(o.Outcome)}</td><td>{E(o.Value.Format())}</td>" +
                    $"<td>{E(string.Join(" ", o.Value.Values.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture))))}</td>" +
                    $"<td>{(o.VersusClean is { } d ? E(d.Format()) : "")}</td></tr>");
        return html.Append("</table>").ToString();
    }

    static string BySize(IReadOnlyList<ArmsTable> tables)
    {
        var html = new StringBuilder("<h2>Does the answer change with model size?</h2><table><tr><th>model</th><th>question</th><th>answer</th></tr>");
        foreach (var table in tables)
            foreach (var answer in StudyQuestions.Of(table).Questions.Where(a => a.Measure == ArmsTable.Primary))
                html.Append($"<tr><td><code>{E(table.Model)}</code></td><td>{E(answer.Id)}</td><td>{E(answer.Answer)}</td></tr>");
        return html.Append("</table>").ToString();
    }

}
