namespace Orleans.Noken.Cluster.Tests;

/// <summary>A vector selector: the metric it reads and the label names its matchers name.</summary>
public sealed record PromQlSelector(string Metric, IReadOnlyList<string> Labels);

/// <summary>What an expression reads: its selectors, and the label names of its <c>by</c>/<c>without</c>/<c>on</c>/
/// <c>ignoring</c>/<c>group_left</c>/<c>group_right</c> lists.</summary>
public sealed record PromQlReferences(IReadOnlyList<PromQlSelector> Selectors, IReadOnlyList<string> GroupingLabels)
{
    public IReadOnlyList<string> Metrics => Selectors.Select(s => s.Metric).Distinct(StringComparer.Ordinal).ToList();
}

/// <summary>
/// The metric names a PromQL expression (as a Grafana panel holds it, with <c>$variables</c>) reads, found by a
/// small lexer rather than a parser: every identifier that is not a function, an aggregation, a keyword or a label
/// list is a metric. That is all a dashboard check needs, and it stays right as PromQL grows functions, since a
/// function name is recognised by the <c>(</c> after it, not from a list. Unbalanced brackets or an unterminated
/// string throw, so a mangled expression fails loudly instead of yielding nothing.
/// </summary>
public static class PromQl
{
    // Aggregations may put their grouping before the parenthesis (`sum by (x) (…)`), so "followed by (" is not
    // enough to tell them from metrics. PromQL reads these and the keywords case-insensitively.
    static readonly HashSet<string> Aggregations = new(StringComparer.OrdinalIgnoreCase)
    {
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
        "limitk", "limit_ratio",
    };
    static readonly HashSet<string> LabelLists = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right",
    };
    static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "bool", "offset", "atan2", "inf", "nan",
    };

    public static PromQlReferences Read(string expression)
    {
        var lexer = new Lexer(expression);
        lexer.Run();
        return new PromQlReferences(lexer.Selectors, lexer.Grouping);
    }

    public static IReadOnlyList<string> MetricNames(string expression) => Read(expression).Metrics;

    /// <summary>
    /// A Grafana Prometheus variable query: <c>label_values(selector, label)</c> (the label must exist on the
    /// selector's metric, so it joins the selector's labels), <c>label_values(label)</c>, <c>label_names()</c>,
    /// <c>metrics(regex)</c> (no metric), <c>query_result(expr)</c>, or else plain PromQL.
    /// </summary>
    public static PromQlReferences ReadVariableQuery(string query)
    {
        var q = query.Trim();
        if (Call(q, "label_values") is { } args)
        {
            int comma = LastTopLevelComma(args);
            if (comma < 0) return new([], []);
            var label = args[(comma + 1)..].Trim();
            var inner = Read(args[..comma]);
            return new(inner.Selectors.Select(s => s with { Labels = [.. s.Labels, label] }).ToList(), inner.GroupingLabels);
        }
        if (Call(q, "label_names") is not null || Call(q, "metrics") is not null) return new([], []);
        if (Call(q, "query_result") is { } expr) return Read(expr);
        return Read(q);
    }

    static string? Call(string text, string function)
    {
        if (!text.StartsWith(function, StringComparison.Ordinal)) return null;
        var rest = text[function.Length..].TrimStart();
        return rest.StartsWith('(') && rest.EndsWith(')') ? rest[1..^1] : null;
    }

    static int LastTopLevelComma(string text)
    {
        int depth = 0, last = -1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '"' or '\'' or '`') { i = EndOfString(text, i) - 1; continue; }
            if (c is '(' or '{' or '[') depth++;
            else if (c is ')' or '}' or ']') depth--;
            else if (c == ',' && depth == 0) last = i;
        }
        return last;
    }

    sealed class Lexer(string s)
    {
        int _i;
        int _parens;
        public List<PromQlSelector> Selectors { get; } = [];
        public List<string> Grouping { get; } = [];

        public void Run()
        {
            while (_i < s.Length)
            {
                char c = s[_i];
                if (char.IsWhiteSpace(c)) _i++;
                else if (c == '#') SkipLine();
                else if (c is '"' or '\'' or '`') _i = EndOfString(s, _i);
                else if (c == '{') Selector(null);
                else if (c == '[') SkipRange();
                else if (c == '$') SkipVariable();
                else if (char.IsAsciiDigit(c) || (c == '.' && _i + 1 < s.Length && char.IsAsciiDigit(s[_i + 1]))) SkipNumber();
                else if (IsIdentifierStart(c)) Identifier();
                else if (c == '(') { _parens++; _i++; }
                else if (c == ')') { if (--_parens < 0) throw Error("unbalanced ')'"); _i++; }
                else if (c is ']' or '}') throw Error($"unbalanced '{c}'");
                else _i++;   // operators, commas, @
            }
            if (_parens != 0) throw Error("unbalanced '('");
        }

        void Identifier()
        {
            int start = _i;
            while (_i < s.Length && IsIdentifierPart(s[_i])) _i++;
            var name = s[start.._i];
            // A name Grafana completes (`foo_${suffix}`) cannot be checked; neither can `${prefix}_total` (SkipVariable).
            if (_i < s.Length && s[_i] == '$') { SkipVariable(); return; }
            char next = PeekNonSpace();
            if (LabelLists.Contains(name))
            {
                // group_left/group_right may stand without a list.
                if (next == '(') Grouping.AddRange(LabelList());
                return;
            }
            if (Keywords.Contains(name)) return;
            if (next == '(') return;   // a function, or an aggregation with its grouping after the parenthesis
            if (Aggregations.Contains(name) && PeekWord() is { } word && LabelLists.Contains(word)) return;
            if (next == '{') { SkipSpace(); Selector(name); }
            else Selectors.Add(new PromQlSelector(name, []));
        }

        /// <summary>A <c>{…}</c> block after <paramref name="metric"/> (or alone, naming it with <c>__name__="…"</c>).</summary>
        void Selector(string? metric)
        {
            int open = _i++;
            var labels = new List<string>();
            while (true)
            {
                SkipSpace();
                if (_i >= s.Length) throw Error("unterminated '{'", open);
                if (s[_i] == '}') { _i++; break; }
                if (s[_i] == ',') { _i++; continue; }
                int start = _i;
                while (_i < s.Length && IsIdentifierPart(s[_i])) _i++;
                if (start == _i) throw Error("expected a label name");
                var label = s[start.._i];
                SkipSpace();
                int opStart = _i;
                while (_i < s.Length && s[_i] is '=' or '!' or '~') _i++;
                var op = s[opStart.._i];
                if (op is not ("=" or "!=" or "=~" or "!~")) throw Error($"expected a matcher operator after '{label}'");
                SkipSpace();
                if (_i >= s.Length || s[_i] is not ('"' or '\'' or '`')) throw Error($"expected a quoted value for '{label}'");
                int valueStart = _i;
                _i = EndOfString(s, _i);
                if (label == "__name__") { if (op == "=") metric = s[(valueStart + 1)..(_i - 1)]; }
                else labels.Add(label);
            }
            if (metric is not null) Selectors.Add(new PromQlSelector(metric, labels));
        }

        List<string> LabelList()
        {
            SkipSpace();
            int open = _i++;
            int close = s.IndexOf(')', _i);
            if (close < 0) throw Error("unterminated label list", open);
            var labels = s[_i..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var label in labels)
                if (!label.All(IsIdentifierPart)) throw Error($"'{label}' is not a label name", open);
            _i = close + 1;
            return [.. labels];
        }

        /// <summary><c>[5m]</c>, <c>[$__rate_interval]</c>, a subquery's <c>[1h:5m]</c>, Grafana's old <c>[[var]]</c>.</summary>
        void SkipRange()
        {
            int open = _i, depth = 0;
            do
            {
                if (_i >= s.Length) throw Error("unterminated '['", open);
                if (s[_i] == '[') depth++;
                else if (s[_i] == ']') depth--;
                _i++;
            } while (depth > 0);
        }

        /// <summary>Grafana's <c>$name</c>, <c>$__rate_interval</c>, <c>${name}</c>, <c>${name:format}</c>.</summary>
        void SkipVariable()
        {
            _i++;
            if (_i < s.Length && s[_i] == '{')
            {
                int close = s.IndexOf('}', _i);
                if (close < 0) throw Error("unterminated '${'");
                _i = close + 1;
            }
            else while (_i < s.Length && IsIdentifierPart(s[_i]) && s[_i] != ':') _i++;
            // The rest of a templated name (`${prefix}_total`): not a metric this lexer can name.
            while (_i < s.Length && IsIdentifierPart(s[_i])) _i++;
            if (_i < s.Length && s[_i] == '$') SkipVariable();
        }

        /// <summary>Numbers and durations: <c>0.99</c>, <c>1e-3</c>, <c>0x1f</c>, <c>5m</c>, <c>1h30m</c>.</summary>
        void SkipNumber()
        {
            int start = _i;
            bool hex = s.AsSpan(start).StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            while (_i < s.Length)
            {
                char c = s[_i];
                bool exponentSign = !hex && c is '+' or '-' && s[_i - 1] is 'e' or 'E';
                if (char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_' || exponentSign) _i++;
                else break;
            }
        }

        void SkipLine()
        {
            while (_i < s.Length && s[_i] != '\n') _i++;
        }

        void SkipSpace()
        {
            while (_i < s.Length && char.IsWhiteSpace(s[_i])) _i++;
        }

        char PeekNonSpace()
        {
            int j = _i;
            while (j < s.Length && char.IsWhiteSpace(s[j])) j++;
            return j < s.Length ? s[j] : '\0';
        }

        string? PeekWord()
        {
            int j = _i;
            while (j < s.Length && char.IsWhiteSpace(s[j])) j++;
            int start = j;
            while (j < s.Length && IsIdentifierPart(s[j])) j++;
            return j > start ? s[start..j] : null;
        }

        FormatException Error(string what, int? at = null) => new($"PromQL: {what} at {at ?? _i} in: {s}");
    }

    /// <summary>The index just past the string that opens at <paramref name="open"/>; backticks have no escapes.</summary>
    internal static int EndOfString(string s, int open)
    {
        char quote = s[open];
        for (int i = open + 1; i < s.Length; i++)
        {
            if (s[i] == '\\' && quote != '`') { i++; continue; }
            if (s[i] == quote) return i + 1;
        }
        throw new FormatException($"PromQL: unterminated string at {open} in: {s}");
    }

    static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';
    static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';
}
