using System.Text.Json.Nodes;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>The JSON Schema fragments spec fields are made of, so the field tables read as a list of types.</summary>
public static class SpecTypes
{
    public static JsonObject Text() => new() { ["type"] = "string" };

    public static JsonObject Boolean() => new() { ["type"] = "boolean" };

    public static JsonObject OneOf(IEnumerable<string> names) =>
        new() { ["type"] = "string", ["enum"] = new JsonArray(names.Select(n => (JsonNode)n).ToArray()) };

    public static JsonObject Integer(long minimum, long? maximum = null)
    {
        var schema = new JsonObject { ["type"] = "integer", ["minimum"] = minimum };
        if (maximum is { } max) schema["maximum"] = max;
        return schema;
    }

    /// <summary>A number; <paramref name="above"/> is an exclusive lower bound, <paramref name="minimum"/> an inclusive one.</summary>
    public static JsonObject Number(double? minimum = null, double? maximum = null, double? above = null)
    {
        var schema = new JsonObject { ["type"] = "number" };
        if (minimum is { } min) schema["minimum"] = min;
        if (above is { } exclusive) schema["exclusiveMinimum"] = exclusive;
        if (maximum is { } max) schema["maximum"] = max;
        return schema;
    }

    public static JsonObject ListOf(JsonObject items, int minItems = 0, int? maxItems = null)
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = items };
        if (minItems > 0) schema["minItems"] = minItems;
        if (maxItems is { } max) schema["maxItems"] = max;
        return schema;
    }
}
