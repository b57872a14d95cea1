using System.Security.Cryptography;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>
/// A checkpoint's identity by content, not by where it sits: SHA-256 over the files that decide what the model does —
/// <c>config.json</c>, every <c>*.safetensors</c> (and a sharded checkpoint's index), <c>tokenizer.json</c> and
/// <c>tokenizer_config.json</c> — each as its name, its length and its bytes, in ordinal order of name. Two copies of
/// one checkpoint on two machines hash the same, so results from a sweep here and a cluster there can be matched; a
/// retrained checkpoint under the same folder name cannot pass for the old one. Written <c>sha256:{hex}</c>.
/// </summary>
public static class CheckpointHash
{
    public const string Prefix = "sha256:";

    static readonly string[] Named = ["config.json", SafeTensorsIndex.FileName, "tokenizer.json", "tokenizer_config.json"];

    public static string Of(string directory)
    {
        var files = Named.Select(n => Path.Combine(directory, n)).Where(File.Exists)
            .Concat(Directory.EnumerateFiles(directory, "*.safetensors"))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .ToList();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var file in files)
        {
            // Name and length frame each file, so moving bytes from the end of one file to the start of the next changes the hash.
            using var stream = File.OpenRead(file);
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{Path.GetFileName(file)}\n{stream.Length}\n"));
            int read;
            while ((read = stream.Read(buffer)) > 0) sha.AppendData(buffer.AsSpan(0, read));
        }
        return Prefix + Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
