namespace Orleans.Noken.Engine.Campaigns;

/// <summary>
/// The key-value metadata of every shard's Parquet file: which version of the row schema (docs/results-schema.md) it
/// holds and which model made it (the spec's name and the checkpoint's hash, as the rows' own columns say), so a tool
/// that reads only a file's footer — DuckDB's <c>parquet_kv_metadata</c> — knows what it has without scanning rows.
/// </summary>
public static class ShardFileMetadata
{
    /// <summary>2: prompt name and token position in separate columns, Model/ModelHash columns, cluster noken ids.</summary>
    public const string SchemaVersion = "2";

    public const string SchemaKey = "noken.schema";
    public const string ModelKey = "noken.model";
    public const string ModelHashKey = "noken.model_hash";

    public static IReadOnlyDictionary<string, string> Of(IReadOnlyList<NokenRow> rows)
    {
        var metadata = new Dictionary<string, string> { [SchemaKey] = SchemaVersion };
        if (rows.Count > 0) (metadata[ModelKey], metadata[ModelHashKey]) = (rows[0].Model, rows[0].ModelHash);
        return metadata;
    }
}
