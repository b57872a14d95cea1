namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// <c>rope_scaling</c> from config.json. Supported: none, "linear" (positions divided by factor) and "llama3"
/// (Llama 3.1's frequency-dependent rescaling), matching <c>transformers</c>' <c>ROPE_INIT_FUNCTIONS</c>.
/// </summary>
public sealed record RopeScaling(
    string Type,
    double Factor,
    double LowFrequencyFactor = 1.0,
    double HighFrequencyFactor = 4.0,
    int OriginalMaxPositions = 8192)
{
    internal static RopeScaling? Parse(ConfigReader reader)
    {
        var section = reader.Object("rope_scaling");
        if (section is null) return null;
        var type = section.String("rope_type") ?? section.String("type") ?? "default";
        if (type == "default") return null;
        if (type is not ("linear" or "llama3"))
            throw CheckpointException.InFile(reader.Source, $"rope_scaling type '{type}' is not supported (supported: linear, llama3)");
        return new RopeScaling(
            type,
            section.Double("factor") ?? throw CheckpointException.InFile(reader.Source, "rope_scaling has no 'factor'"),
            section.Double("low_freq_factor") ?? 1.0,
            section.Double("high_freq_factor") ?? 4.0,
            section.Int("original_max_position_embeddings") ?? 8192);
    }
}
