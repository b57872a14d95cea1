using System.Text.Json;

namespace Orleans.Noken.Engine.Behaviour.Calibration;

/// <summary>
/// Reads calibration sets: JSONL, one <see cref="CalibrationExample"/> per line. The default set ships inside the
/// engine assembly so that <c>noken detectors eval</c> works from any folder.
/// </summary>
public static class CalibrationSet
{
    public const string DefaultName = "organism-handwritten.jsonl";

    public static IReadOnlyList<CalibrationExample> LoadDefault()
    {
        using var stream = typeof(CalibrationSet).Assembly.GetManifestResourceStream(DefaultName)
            ?? throw new InvalidOperationException($"the engine assembly lacks its embedded {DefaultName}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), DefaultName);
    }

    static readonly JsonSerializerOptions Line = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Writes a set as JSONL, one example per line, in the form <see cref="Parse"/> reads.</summary>
    public static void Write(string path, IEnumerable<CalibrationExample> examples) =>
        File.WriteAllLines(path, examples.Select(e => JsonSerializer.Serialize(e, Line)));

    public static IReadOnlyList<CalibrationExample> Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : throw new FileNotFoundException($"{path}: calibration set does not exist", path);

    /// <summary>Parses JSONL; a bad line is reported with its number, since sets are edited by hand.</summary>
    public static IReadOnlyList<CalibrationExample> Parse(string jsonl, string name)
    {
        var examples = new List<CalibrationExample>();
        var lines = jsonl.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) continue;
            CalibrationExample? example;
            try
            {
                example = JsonSerializer.Deserialize<CalibrationExample>(line, DetectorSuiteConfig.Json);
            }
            catch (JsonException e)
            {
                throw new FormatException($"{name}:{i + 1}: {e.Message}", e);
            }
            if (example is null || example.Text is null || example.Labels is null)
                throw new FormatException($"{name}:{i + 1}: a calibration line needs \"text\" and \"labels\"");
            examples.Add(example);
        }
        if (examples.Count == 0) throw new FormatException($"{name}: no calibration examples");
        return examples;
    }
}
