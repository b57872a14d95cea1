using System.Text.Json.Nodes;

namespace Orleans.Noken.Engine.Checkpoints;

/// <summary>Writes a <see cref="ModelConfig"/> back as the family's own Hugging Face <c>config.json</c> keys.</summary>
public static class ModelConfigJson
{
    public static JsonObject ToJson(ModelConfig c, string torchDtype)
    {
        var json = c.Family == ModelFamily.Gpt2 ? Gpt2(c) : Llama(c);
        json["model_type"] = c.ModelType;
        json["vocab_size"] = c.VocabSize;
        json["tie_word_embeddings"] = c.TieWordEmbeddings;
        json["initializer_range"] = c.InitializerRange;
        json["torch_dtype"] = torchDtype;
        if (c.BosTokenId is { } bos) json["bos_token_id"] = bos;
        if (c.EosTokenIds.Count == 1) json["eos_token_id"] = c.EosTokenIds[0];
        else if (c.EosTokenIds.Count > 1) json["eos_token_id"] = new JsonArray(c.EosTokenIds.Select(id => (JsonNode)id).ToArray());
        return json;
    }

    static JsonObject Gpt2(ModelConfig c) => new()
    {
        ["architectures"] = new JsonArray("GPT2LMHeadModel"),
        ["n_embd"] = c.HiddenSize,
        ["n_layer"] = c.NumLayers,
        ["n_head"] = c.NumHeads,
        ["n_inner"] = c.IntermediateSize,
        ["n_positions"] = c.MaxPositions,
        ["layer_norm_epsilon"] = c.NormEpsilon,
        ["activation_function"] = c.Activation,
        ["scale_attn_by_inverse_layer_idx"] = c.ScaleAttentionByInverseLayer,
    };

    static JsonObject Llama(ModelConfig c)
    {
        var json = new JsonObject
        {
            ["architectures"] = new JsonArray(c.ModelType switch { "qwen2" => "Qwen2ForCausalLM", "mistral" => "MistralForCausalLM", _ => "LlamaForCausalLM" }),
            ["hidden_size"] = c.HiddenSize,
            ["num_hidden_layers"] = c.NumLayers,
            ["num_attention_heads"] = c.NumHeads,
            ["num_key_value_heads"] = c.NumKeyValueHeads,
            ["head_dim"] = c.HeadDim,
            ["intermediate_size"] = c.IntermediateSize,
            ["max_position_embeddings"] = c.MaxPositions,
            ["rms_norm_eps"] = c.NormEpsilon,
            ["rope_theta"] = c.RopeTheta,
            ["hidden_act"] = c.Activation,
            ["mlp_bias"] = c.MlpBias,
        };
        if (c.ModelType != "qwen2") json["attention_bias"] = c.AttentionBias;
        if (c.RopeScaling is { } s)
            json["rope_scaling"] = new JsonObject
            {
                ["rope_type"] = s.Type,
                ["factor"] = s.Factor,
                ["low_freq_factor"] = s.LowFrequencyFactor,
                ["high_freq_factor"] = s.HighFrequencyFactor,
                ["original_max_position_embeddings"] = s.OriginalMaxPositions,
            };
        return json;
    }
}
