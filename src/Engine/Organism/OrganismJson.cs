using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Noken.Engine.Organism;

/// <summary>The JSON shape of the organism's reports: indented, enums by name, readable non-ASCII.</summary>
public static class OrganismJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // a NaN loss must not abort the write
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
