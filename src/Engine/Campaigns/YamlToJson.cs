using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// YAML → JSON nodes, so that YAML and JSON specs go through one reader. Plain scalars become numbers, booleans or
/// null when they read as such (YAML 1.2 core schema); quoted scalars stay strings. A spec comes from any client, so
/// the conversion walks the parser's events with its own stack (a deep document cannot overflow the thread's), stops
/// at <see cref="MaxDepth"/> levels as the JSON reader does, and refuses anchors and aliases outright: an alias to an
/// enclosing node is a cycle and nested aliases expand exponentially ("billion laughs"), and no spec needs either.
/// </summary>
public static class YamlToJson
{
    /// <summary>The JSON reader's default depth limit, so both spec formats nest alike.</summary>
    public const int MaxDepth = 64;

    sealed class Frame(JsonNode container)
    {
        public JsonNode Container { get; } = container;
        public string? Key { get; set; }
    }

    public static JsonNode? Convert(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var stack = new Stack<Frame>();
        JsonNode? root = null;
        bool inDocument = false, done = false;
        while (!done && parser.MoveNext())
        {
            var e = parser.Current!;
            if (e is NodeEvent { Anchor.IsEmpty: false } anchored)
                throw new YamlException(anchored.Start, anchored.End, $"YAML anchors (&{anchored.Anchor.Value}) are not accepted in a spec");
            switch (e)
            {
                case AnchorAlias alias:
                    throw new YamlException(alias.Start, alias.End, $"YAML aliases (*{alias.Value.Value}) are not accepted in a spec");
                case DocumentStart:
                    inDocument = true;
                    break;
                case DocumentEnd:
                    done = inDocument;                                               // only the first document
                    break;
                case MappingStart or SequenceStart:
                    if (stack.Count >= MaxDepth) throw new YamlException(e.Start, e.End, $"nested deeper than {MaxDepth} levels");
                    if (stack.TryPeek(out var parent) && parent.Container is JsonObject && parent.Key is null)
                        throw new YamlException(e.Start, e.End, "a mapping key must be a plain value, not a list or mapping");
                    stack.Push(new Frame(e is MappingStart ? new JsonObject() : new JsonArray()));
                    break;
                case MappingEnd or SequenceEnd:
                    var finished = stack.Pop().Container;
                    if (Place(stack, finished, e)) { root = finished; done = true; }
                    break;
                case Scalar scalar:
                    if (stack.TryPeek(out var top) && top.Container is JsonObject map && top.Key is null)
                    {
                        top.Key = scalar.Value;
                        if (map.ContainsKey(top.Key)) throw new YamlException(scalar.Start, scalar.End, $"duplicate key '{top.Key}'");
                        break;
                    }
                    var value = Value(scalar);
                    if (Place(stack, value, e)) { root = value; done = true; }
                    break;
            }
        }
        return root;
    }

    /// <summary>Puts a finished value into the enclosing container; true when it was the document's root.</summary>
    static bool Place(Stack<Frame> stack, JsonNode? value, ParsingEvent at)
    {
        if (!stack.TryPeek(out var top)) return true;
        switch (top.Container)
        {
            case JsonArray list:
                list.Add(value);
                break;
            case JsonObject map:
                map[top.Key ?? throw new YamlException(at.Start, at.End, "a mapping value without a key")] = value;
                top.Key = null;
                break;
        }
        return false;
    }

    static JsonNode? Value(Scalar scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonValue.Create(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return null;
        if (text is "true" or "True" or "TRUE") return JsonValue.Create(true);
        if (text is "false" or "False" or "FALSE") return JsonValue.Create(false);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)) return JsonValue.Create(integer);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return JsonValue.Create(number);
        return JsonValue.Create(text);
    }
}
