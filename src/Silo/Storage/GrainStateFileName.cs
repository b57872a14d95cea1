using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Orleans.Runtime;

namespace Orleans.Noken.Silo.Storage;

/// <summary>
/// The file name of one grain state: a readable grain-type prefix for people browsing the folder, then a hash of the
/// full identity. Grain keys are arbitrary strings (<c>../x</c>, <c>a/b</c>, 2,000 characters), so nothing of the
/// key reaches the file system except through the hash: no path traversal, no separators, no length overflow.
/// </summary>
public static class GrainStateFileName
{
    public const string Extension = ".state";

    // Long enough to recognise the grain type, short enough that prefix + hash + extension stay far under the
    // 255-byte limit of common file systems.
    const int MaxPrefixLength = 48;

    /// <summary>The file name (no folder) of the state <paramref name="stateName"/> of <paramref name="grainId"/>.</summary>
    public static string For(string serviceId, GrainId grainId, string stateName)
    {
        using var identity = new MemoryStream();
        // Length-prefixed components: ("ab", "c") and ("a", "bc") must not hash alike.
        Append(identity, Encoding.UTF8.GetBytes(serviceId));
        Append(identity, grainId.Type.AsSpan());
        Append(identity, grainId.Key.AsSpan());
        Append(identity, Encoding.UTF8.GetBytes(stateName));
        var hash = SHA256.HashData(identity.GetBuffer().AsSpan(0, (int)identity.Length));
        // 128 bits of SHA-256: collisions are out of reach for any number of grains a folder will ever hold.
        return $"{Prefix(grainId.Type.ToString())}-{Convert.ToHexStringLower(hash.AsSpan(0, 16))}{Extension}";
    }

    static void Append(Stream destination, ReadOnlySpan<byte> component)
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(length, component.Length);
        destination.Write(length);
        destination.Write(component);
    }

    // Only [a-z0-9._-] survive, so the prefix can be neither a path nor a hidden or reserved name.
    static string Prefix(string grainType)
    {
        var prefix = new StringBuilder(MaxPrefixLength);
        foreach (var c in grainType)
        {
            if (prefix.Length == MaxPrefixLength) break;
            prefix.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (c == '.' && prefix.Length > 0)
                ? char.ToLowerInvariant(c)
                : '_');
        }
        return prefix.Length == 0 ? "grain" : prefix.ToString();
    }
}
