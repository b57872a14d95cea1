using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Noken.Engine.Checkpoints;

namespace Orleans.Noken.Engine.Tokenization;

/// <summary>
/// What we read out of <c>tokenizer.json</c> ourselves: the vocabulary (id ↔ token string, added tokens included),
/// which ids are special, and whether the post-processor would add tokens. The Rust library does the encoding;
/// this gives the size check, <see cref="ITextTokenizer.TokenOf"/> and special-token handling that its
/// .NET wrapper does not expose.
/// </summary>
internal sealed class TokenizerJsonFile
{
    public const string FileName = "tokenizer.json";

    public required string Path { get; init; }
    public required JsonObject Json { get; init; }
    public required IReadOnlyDictionary<int, string> IdToToken { get; init; }
    public required IReadOnlyDictionary<string, int> TokenToId { get; init; }
    public required IReadOnlySet<int> SpecialIds { get; init; }

    /// <summary>Max id + 1 (0 for an empty vocabulary).</summary>
    public int Size => IdToToken.Count == 0 ? 0 : IdToToken.Keys.Max() + 1;

    /// <summary>True when the post-processor inserts tokens (BOS/CLS/SEP templates), which our Encode must not do.</summary>
    public bool PostProcessorAddsTokens => AddsTokens(Json["post_processor"]);

    /// <summary>The special token a template post-processor puts first (Llama 3's BOS), if any.</summary>
    public string? PostProcessorLeadingToken => LeadingToken(Json["post_processor"]);

    /// <summary>True when the decoder is GPT-2's byte-level one, so each token string spells its bytes in
    /// <see cref="ByteLevelAlphabet"/>.</summary>
    public bool DecodesByteLevel => _decodesByteLevel ??= IsByteLevel(Json["decoder"]);
    bool? _decodesByteLevel;

    public static TokenizerJsonFile Load(string path)
    {
        var json = CheckpointJson.ReadObject(path, "the checkpoint needs a Hugging Face tokenizer.json");

        var idToToken = new Dictionary<int, string>();
        var tokenToId = new Dictionary<string, int>(StringComparer.Ordinal);
        var special = new HashSet<int>();
        void Add(string token, int id)
        {
            if (id < 0) throw CheckpointException.InFile(path, $"token '{token}' has a negative id {id}");
            idToToken[id] = token;
            tokenToId.TryAdd(token, id);
        }

        try
        {
            switch (json["model"]?["vocab"])
            {
                case JsonObject vocab: // BPE, WordPiece, WordLevel: {token: id}
                    foreach (var (token, id) in vocab) Add(token, id!.GetValue<int>());
                    break;
                case JsonArray pieces: // Unigram: [[token, score], ...], id = position
                    for (int i = 0; i < pieces.Count; i++) Add(pieces[i]![0]!.GetValue<string>(), i);
                    break;
                default:
                    throw CheckpointException.InFile(path, "has no model.vocab");
            }
            if (json["added_tokens"] is JsonArray added)
                foreach (var node in added)
                {
                    var content = node!["content"]!.GetValue<string>();
                    int id = node["id"]!.GetValue<int>();
                    // Added tokens win over the model vocabulary for the same id, as in the Rust library.
                    idToToken[id] = content;
                    tokenToId[content] = id;
                    if (node["special"]?.GetValue<bool>() == true) special.Add(id);
                }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or ArgumentException)
        {
            throw CheckpointException.InFile(path, $"has a malformed vocabulary or added_tokens ({e.Message})");
        }
        return new TokenizerJsonFile { Path = path, Json = json, IdToToken = idToToken, TokenToId = tokenToId, SpecialIds = special };
    }

    static bool IsByteLevel(JsonNode? decoder) => decoder?["type"]?.GetValue<string>() switch
    {
        "ByteLevel" => true,
        "Sequence" => decoder["decoders"] is JsonArray children && children.Any(IsByteLevel),
        _ => false,
    };

    static bool AddsTokens(JsonNode? processor) => processor?["type"]?.GetValue<string>() switch
    {
        null or "ByteLevel" => false,
        "Sequence" => processor["processors"] is JsonArray children && children.Any(AddsTokens),
        _ => true, // TemplateProcessing, BertProcessing, RobertaProcessing
    };

    static string? LeadingToken(JsonNode? processor) => processor?["type"]?.GetValue<string>() switch
    {
        "TemplateProcessing" => processor["single"] is JsonArray single && single.Count > 0
            ? single[0]?["SpecialToken"]?["id"]?.GetValue<string>()
            : null,
        "BertProcessing" or "RobertaProcessing" => processor["cls"]?[0]?.GetValue<string>(),
        "Sequence" => processor["processors"] is JsonArray children
            ? children.Select(LeadingToken).FirstOrDefault(t => t is not null)
            : null,
        _ => null,
    };
}
