using System.Text.Json;

namespace Orleans.Noken.Client.Serve;

/// <summary>The two shapes OpenAI accepts where a string is expected: message content as a string or an array of
/// parts, and <c>stop</c> as a string or an array of strings. Each problem is added with the field's path.</summary>
internal static class MessageContent
{
    /// <summary>The content's text: the string, or the text parts joined; null (with a problem) otherwise.</summary>
    public static string? Text(JsonElement? content, string path, RequestProblems problems)
    {
        if (content is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            problems.Add(path, $"{path} is required (a string or an array of text parts)", RequestProblems.Missing);
            return null;
        }
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.Add(path, $"{path} must be a string or an array of text parts");
            return null;
        }
        var text = new System.Text.StringBuilder();
        int j = 0, before = problems.Count;
        foreach (var part in value.EnumerateArray())
        {
            string? type = part.ValueKind == JsonValueKind.Object && part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (type != "text")
                problems.Add($"{path}[{j}]", $"{path}[{j}]: only text parts are supported, not {(type is null ? "a part without a type" : $"'{type}'")}");
            else if (!part.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
                problems.Add($"{path}[{j}].text", $"{path}[{j}].text must be a string");
            else text.Append(partText.GetString());
            j++;
        }
        return problems.Count == before ? text.ToString() : null;
    }

    public static List<string> Stops(JsonElement stop, int maxStops, int maxLength, RequestProblems problems)
    {
        var stops = stop.ValueKind switch
        {
            JsonValueKind.Null => [],
            JsonValueKind.String => [stop.GetString()!],
            JsonValueKind.Array when stop.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String) => stop.EnumerateArray().Select(s => s.GetString()!).ToList(),
            _ => (List<string>?)null,
        };
        if (stops is null) problems.Add("stop", "stop must be a string or an array of strings");
        else if (stops.Count > maxStops) problems.Add("stop", $"stop: at most {maxStops} sequences");
        else if (stops.Any(s => s.Length is 0 || s.Length > maxLength)) problems.Add("stop", $"stop: each sequence must be 1 to {maxLength} characters");
        else return stops;
        return [];
    }
}
