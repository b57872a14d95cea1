using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Noken.Client.Cluster;

/// <summary>The JSON the cluster's HTTP API speaks: web defaults (camelCase) with enums as their names, as the silo
/// writes it. One instance, so every call reads the same way.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>For output meant for people and scripts alike (<c>--json</c>): indented, and with text as it is. The
    /// default encoder is made for JSON inside HTML and writes a timestamp's '+' as <c>\u002B</c> and every
    /// non-ASCII character of a continuation as an escape; a terminal or a file is not HTML.</summary>
    public static readonly JsonSerializerOptions Indented = new(Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
