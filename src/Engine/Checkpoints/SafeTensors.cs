using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header of
/// <c>{name: {dtype, shape, data_offsets}}</c> (+ optional <c>__metadata__</c>), then the raw bytes.
/// Reading is <see cref="SafeTensorsFile"/>; writing is here.
/// </summary>
public static class SafeTensors
{
    // Tensors are streamed to disk in slices of this size: a Span is int-indexed and we never want a managed copy.
    const long WriteChunkBytes = 64L * 1024 * 1024;

    /// <summary>
    /// Writes tensors (any device; F64/F32/F16/BF16 or integer/bool buffers) to one .safetensors file, names sorted
    /// ordinally, data contiguous in that order. The header is padded with spaces to a multiple of 8 bytes, as
    /// Hugging Face's writer does, so every tensor's data starts 8-byte aligned.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian; this host is not");
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        if (names.Contains("__metadata__")) throw new ArgumentException("'__metadata__' is reserved in safetensors", nameof(tensors));

        var header = Header(names, tensors, metadata);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write(BitConverter.GetBytes((ulong)header.Length));
        file.Write(header);
        foreach (var name in names) WriteData(file, tensors[name]);
    }

    static byte[] Header(List<string> names, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var name in names)
            {
                var tensor = tensors[name];
                long bytes = tensor.numel() * tensor.ElementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", SafeTensorsDtype.FromTorch(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        int padding = (int)((8 - buffer.Length % 8) % 8);
        for (int i = 0; i < padding; i++) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    static void WriteData(Stream file, Tensor tensor)
    {
        if (tensor.numel() == 0) return;
        // Tensors created here (a CPU copy, a contiguous copy, views) die with the scope; the caller's tensor is untouched.
        using var scope = torch.NewDisposeScope();
        var flat = tensor.detach().cpu().contiguous().view(-1);
        long chunkElements = Math.Max(1, WriteChunkBytes / tensor.ElementSize);
        for (long start = 0; start < flat.shape[0]; start += chunkElements)
        {
            var slice = flat.narrow(0, start, Math.Min(chunkElements, flat.shape[0] - start));
            file.Write(slice.bytes);
        }
    }
}
