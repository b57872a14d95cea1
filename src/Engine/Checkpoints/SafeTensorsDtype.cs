using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// The safetensors dtype names and what we can do with each. Every dtype the format defines is known (so a
/// checkpoint holding e.g. GPT-2's boolean <c>attn.bias</c> buffers still opens and its sizes can be checked), but
/// only floating ones are ever read as weights.
/// </summary>
public static class SafeTensorsDtype
{
    static readonly Dictionary<string, int> ElementBytes = new()
    {
        ["F64"] = 8, ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2, ["F8_E4M3"] = 1, ["F8_E5M2"] = 1,
        ["I64"] = 8, ["I32"] = 4, ["I16"] = 2, ["I8"] = 1, ["U64"] = 8, ["U32"] = 4, ["U16"] = 2, ["U8"] = 1,
        ["BOOL"] = 1,
    };

    static readonly Dictionary<string, ScalarType> Readable = new()
    {
        ["F64"] = ScalarType.Float64, ["F32"] = ScalarType.Float32, ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16,
    };

    /// <summary>Bytes per element, or null for a dtype name the format does not define.</summary>
    public static int? SizeOf(string dtype) => ElementBytes.TryGetValue(dtype, out var size) ? size : null;

    /// <summary>The torch dtype of a floating safetensors dtype we can read as weights, else null.</summary>
    public static ScalarType? ToTorch(string dtype) => Readable.TryGetValue(dtype, out var t) ? t : null;

    public static bool IsFloating(string dtype) => Readable.ContainsKey(dtype);

    /// <summary>The safetensors name of a torch dtype we write.</summary>
    public static string FromTorch(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new ArgumentException($"dtype {dtype} cannot be written to safetensors"),
    };
}
