using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using TorchSharp;
using static TorchSharp.torch;

[assembly: InternalsVisibleTo("Orleans.Noken.Engine.Tests")]

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// One open .safetensors file. The header is parsed and checked against the file's length when it opens, so a
/// truncated or inconsistent file is refused before any model is built; tensor bytes are read on demand with
/// positional reads straight into a fresh torch tensor (no managed copy, nothing aliasing memory we free).
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    // safetensors itself refuses headers above 100 MB; anything larger is a corrupt length, not a header.
    const long MaxHeaderBytes = 100L * 1024 * 1024;

    // A Span is int-indexed, so big tensors are filled in slices; internal so a test can force several slices.
    internal static long ReadChunkBytes = 256L * 1024 * 1024;

    readonly SafeFileHandle handle;
    readonly Dictionary<string, SafeTensorsEntry> entries;

    public string Path { get; }
    public long Length { get; }
    public IReadOnlyDictionary<string, SafeTensorsEntry> Entries => entries;
    public IReadOnlyDictionary<string, string> Metadata { get; }

    SafeTensorsFile(string path, SafeFileHandle handle, long length, Dictionary<string, SafeTensorsEntry> entries,
        IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        this.handle = handle;
        Length = length;
        this.entries = entries;
        Metadata = metadata;
    }

    public static SafeTensorsFile Open(string path)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian; this host is not");
        if (!File.Exists(path)) throw CheckpointException.InFile(path, "does not exist");
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            long length = RandomAccess.GetLength(handle);
            var (entries, metadata) = ReadHeader(path, handle, length);
            return new SafeTensorsFile(path, handle, length, entries, metadata);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    static (Dictionary<string, SafeTensorsEntry>, IReadOnlyDictionary<string, string>) ReadHeader(
        string path, SafeFileHandle handle, long fileLength)
    {
        if (fileLength < 8)
            throw CheckpointException.InFile(path, $"is {fileLength} bytes, too short to be a safetensors file");
        Span<byte> lengthBytes = stackalloc byte[8];
        ReadExactly(handle, lengthBytes, 0);
        ulong headerLength = BitConverter.ToUInt64(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8))
            throw CheckpointException.InFile(path,
                $"header length {headerLength} is larger than the file ({fileLength} bytes): not a safetensors file, or truncated");
        if ((long)headerLength > MaxHeaderBytes)
            throw CheckpointException.InFile(path, $"header length {headerLength} exceeds the 100 MB safetensors limit");

        var header = new byte[headerLength];
        ReadExactly(handle, header, 8);
        long dataStart = 8 + (long)headerLength;
        try
        {
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw CheckpointException.InFile(path, "has a header that is not a JSON object");
            var entries = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    if (property.Value.ValueKind == JsonValueKind.Object)
                        foreach (var m in property.Value.EnumerateObject())
                            metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : m.Value.GetRawText();
                    continue;
                }
                var entry = ParseEntry(path, property.Name, property.Value, dataStart, fileLength);
                CheckAgainstFile(path, entry);
                entries[entry.Name] = entry;
            }
            return (entries, metadata);
        }
        catch (JsonException e)
        {
            throw CheckpointException.InFile(path, $"has an invalid JSON header ({e.Message})");
        }
    }

    /// <summary>One header entry, checked before any arithmetic can wrap: offsets are compared with the file's data
    /// bytes before they are added to its start, and a shape's element count is a checked product (a shape of
    /// [2⁶²+1, 245760] used to wrap into a byte length that matched).</summary>
    static SafeTensorsEntry ParseEntry(string path, string name, JsonElement json, long dataStart, long fileLength)
    {
        CheckpointException Bad(string problem) => CheckpointException.InTensor(path, name, problem);
        if (json.ValueKind != JsonValueKind.Object) throw Bad("has a header entry that is not an object");
        if (!json.TryGetProperty("dtype", out var dtypeJson) || dtypeJson.ValueKind != JsonValueKind.String)
            throw Bad("has no dtype");
        var dtype = dtypeJson.GetString()!;
        if (SafeTensorsDtype.SizeOf(dtype) is null) throw Bad($"has unsupported dtype '{dtype}'");
        if (!json.TryGetProperty("shape", out var shapeJson) || shapeJson.ValueKind != JsonValueKind.Array)
            throw Bad("has no shape");
        var shape = shapeJson.EnumerateArray()
            .Select(d => d.ValueKind == JsonValueKind.Number && d.TryGetInt64(out var n) && n >= 0 ? n : throw Bad($"has an invalid shape {shapeJson.GetRawText()}"))
            .ToArray();
        if (!json.TryGetProperty("data_offsets", out var offsetsJson) || offsetsJson.ValueKind != JsonValueKind.Array
            || offsetsJson.GetArrayLength() != 2
            || !offsetsJson[0].TryGetInt64(out var begin) || !offsetsJson[1].TryGetInt64(out var end)
            || begin < 0 || end < begin)
            throw Bad("has invalid data_offsets");
        if (end > fileLength - dataStart)   // dataStart ≤ fileLength (the header fits), so neither side can overflow
            throw Bad($"ends at byte {(Int128)dataStart + end} but the file has only {fileLength} bytes (truncated file?)");
        if (SafeTensorsEntry.CheckedElementCount(shape) is null)
            throw Bad($"has a shape {shapeJson.GetRawText()} with more elements than a 64-bit count holds");
        return new SafeTensorsEntry(name, dtype, shape, dataStart + begin, dataStart + end);
    }

    static void CheckAgainstFile(string path, SafeTensorsEntry entry)
    {
        // The byte length fits the file, so a product past it (or past 64 bits) can only be a mismatch.
        Int128 expected = (Int128)entry.ElementCount * SafeTensorsDtype.SizeOf(entry.Dtype)!.Value;
        if (entry.ByteLength != expected)
            throw CheckpointException.InTensor(path, entry.Name,
                $"has {entry.ByteLength} bytes but {entry.Dtype} × [{string.Join(", ", entry.Shape)}] needs {expected}");
    }

    /// <summary>Reads a floating tensor as stored (its own dtype and shape) into a new CPU tensor the caller owns.</summary>
    public Tensor Read(string name)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        if (!entries.TryGetValue(name, out var entry))
            throw CheckpointException.InTensor(Path, name, "is missing");
        var dtype = SafeTensorsDtype.ToTorch(entry.Dtype)
            ?? throw CheckpointException.InTensor(Path, name,
                $"has dtype {entry.Dtype}, which cannot be read as weights (only F64, F32, F16, BF16)");
        var tensor = torch.empty(entry.Shape, dtype);
        try
        {
            Fill(tensor, entry);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    void Fill(Tensor tensor, SafeTensorsEntry entry)
    {
        if (entry.ElementCount == 0) return;
        int elementSize = SafeTensorsDtype.SizeOf(entry.Dtype)!.Value;
        long chunkElements = Math.Max(1, ReadChunkBytes / elementSize);
        using var flat = tensor.view(-1);
        for (long start = 0; start < entry.ElementCount; start += chunkElements)
        {
            long count = Math.Min(chunkElements, entry.ElementCount - start);
            using var slice = flat.narrow(0, start, count);
            // `bytes` of a contiguous CPU tensor is a span over its native storage: the file is read straight into it.
            ReadExactly(handle, slice.bytes, entry.Begin + start * elementSize);
        }
    }

    static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0) throw new EndOfStreamException();
            buffer = buffer[read..];
            offset += read;
        }
    }

    public void Dispose() => handle.Dispose();
}
