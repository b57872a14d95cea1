using System.Text.Json.Nodes;

namespace Orleans.Noken.Engine.Campaigns;

/// <summary>One field a spec section accepts: its name, whether it must be given, what it means, and its JSON Schema
/// (type, bounds, enum; see <see cref="SpecTypes"/>). The reader refuses any other name; the schema describes these.</summary>
public sealed record SpecField(string Name, string Description, JsonObject Schema, bool Required = false);

/// <summary>A mapping in a spec (the root, a prompt, <c>decoding</c>, …): the one table of its fields that both
/// <see cref="CampaignSpecReader"/> (unknown keys) and <see cref="CampaignSpecSchema"/> (properties) read.</summary>
public sealed record SpecSection(string Description, IReadOnlyList<SpecField> Fields)
{
    public IReadOnlyList<string> Names { get; } = Fields.Select(f => f.Name).ToList();

    /// <summary>Schema keywords beyond the fields (a strategy's per-strategy parameters), merged into <see cref="ToSchema"/>.</summary>
    public JsonObject? Constraints { get; init; }

    /// <summary>This section as a closed JSON Schema object: its fields, those required, nothing else.</summary>
    public JsonObject ToSchema()
    {
        var properties = new JsonObject();
        foreach (var field in Fields)
        {
            var schema = (JsonObject)field.Schema.DeepClone();
            schema["description"] = field.Description;
            properties[field.Name] = schema;
        }
        var section = new JsonObject { ["type"] = "object", ["description"] = Description, ["properties"] = properties };
        var required = Fields.Where(f => f.Required).Select(f => (JsonNode)f.Name).ToArray();
        if (required.Length > 0) section["required"] = new JsonArray(required);
        section["additionalProperties"] = false;
        foreach (var (key, value) in Constraints ?? []) section[key] = value?.DeepClone();
        return section;
    }
}
