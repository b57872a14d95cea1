#!/usr/bin/python3
"""Independent numpy reference of the Hugging Face `transformers` causal-LM forward pass.

A line-by-line port (no torch) of:
  * src/transformers/models/gpt2/modeling_gpt2.py   GPT2Model / GPT2Block / GPT2Attention._attn / GPT2MLP
  * src/transformers/pytorch_utils.py                Conv1D   (weight stored [in, out]; y = x @ W + b)
  * src/transformers/models/llama/modeling_llama.py  LlamaRMSNorm, LlamaRotaryEmbedding, rotate_half,
                                                     apply_rotary_pos_emb, repeat_kv, eager_attention_forward,
                                                     LlamaAttention, LlamaMLP, LlamaDecoderLayer, LlamaModel
  * src/transformers/models/mistral/modeling_mistral.py  (= Llama, no biases, sliding window - see attention())
  * src/transformers/models/qwen2/modeling_qwen2.py      (= Llama, q/k/v bias=True, o bias=False)
  * src/transformers/modeling_rope_utils.py          _compute_default_rope_parameters,
                                                     _compute_linear_scaling_rope_parameters,
                                                     _compute_llama3_parameters
  * src/transformers/activations.py                  NewGELUActivation (gelu_new), GELUActivation (gelu, erf),
                                                     PytorchGELUTanh (gelu_pytorch_tanh), relu, SiLU

Everything is computed in float64 by default (`--float32` computes in float32 like an fp32 torch run).
Pure numpy + the standard library.

CLI:
  /usr/bin/python3 tools/reference/hf_reference.py --model DIR --ids 3,17,42
  -> stdout: {"ids":[3,17,42],"logits":[[...V floats...], ...]}   (one row per position, float32 values)
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np

# Compute dtype. float64 by default: this is a reference, so we want the "true" value of the float32/bf16 model.
DTYPE = np.float64


# ----------------------------------------------------------------------------------------------------------------
# safetensors (format: u64 LE header length N, N bytes JSON header, raw little-endian tensor bytes)
# ----------------------------------------------------------------------------------------------------------------

_ST_DTYPES = {"F64": np.float64, "F32": np.float32, "F16": np.float16, "BF16": np.uint16,
              "I64": np.int64, "I32": np.int32, "I16": np.int16, "I8": np.int8, "U8": np.uint8, "BOOL": np.bool_}


class StoredTensor:
    """One tensor of a memory-mapped .safetensors file, converted to float only when (and where) it is read,
    so multi-GB checkpoints don't have to be held in RAM as float64 all at once."""

    def __init__(self, raw, dtype, shape):
        self.raw, self.dtype, self.shape = raw, dtype, tuple(shape)   # raw: 1-D memmap view, little-endian

    def load(self, rows=None):
        """-> float32 ndarray (all of it, or only rows[...] along dim 0)."""
        a = self.raw.reshape(self.shape)
        if rows is not None:
            a = a[rows]
        if self.dtype == "BF16":
            # bf16 is the top half of an IEEE float32: widen uint16 -> uint32 and shift left by 16.
            return (a.astype(np.uint32) << 16).view(np.float32)
        return np.asarray(a, dtype=np.float32)


def read_safetensors(path):
    """Returns {name: StoredTensor} for one .safetensors file."""
    mm = np.memmap(path, dtype=np.uint8, mode="r")
    (n,) = struct.unpack("<Q", mm[:8].tobytes())
    header = json.loads(mm[8:8 + n].tobytes().decode("utf-8"))
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dt = info["dtype"]
        if dt not in _ST_DTYPES:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {dt}")
        begin, end = info["data_offsets"]
        np_dt = np.dtype(_ST_DTYPES[dt]).newbyteorder("<")
        raw = mm[base + begin:base + end].view(np_dt)
        out[name] = StoredTensor(raw, dt, info["shape"])
    return out


def write_safetensors(path, tensors, dtype="F32"):
    """Writes {name: array} as F32, F16 or BF16 (BF16 by round-to-nearest-even, like torch)."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name], dtype=np.float32)
        if dtype == "F32":
            b = a.astype("<f4").tobytes()
        elif dtype == "F16":
            b = a.astype("<f2").tobytes()
        elif dtype == "BF16":
            u = a.view(np.uint32).astype(np.uint64)
            u = (u + 0x7FFF + ((u >> 16) & 1)) >> 16
            b = u.astype("<u2").tobytes()
        else:
            raise ValueError(dtype)
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def load_checkpoint(model_dir):
    """model.safetensors, or the shards listed in model.safetensors.index.json ("weight_map": name -> file)."""
    single = os.path.join(model_dir, "model.safetensors")
    index = os.path.join(model_dir, "model.safetensors.index.json")
    if os.path.exists(single):
        return read_safetensors(single)
    if os.path.exists(index):
        with open(index) as f:
            weight_map = json.load(f)["weight_map"]
        tensors = {}
        for shard in sorted(set(weight_map.values())):
            tensors.update(read_safetensors(os.path.join(model_dir, shard)))
        return tensors
    raise FileNotFoundError(f"{model_dir}: neither model.safetensors nor model.safetensors.index.json")


# ----------------------------------------------------------------------------------------------------------------
# config.json, with the defaults of the transformers config classes when a key is absent
# ----------------------------------------------------------------------------------------------------------------

def read_config(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        c = json.load(f)
    mt = c.get("model_type")
    if mt == "gpt2":
        # GPT2Config defaults; attribute_map: hidden_size=n_embd, num_attention_heads=n_head, num_hidden_layers=n_layer
        d = c.get("n_embd", 768)
        h = c.get("n_head", 12)
        return dict(
            model_type=mt, vocab_size=c.get("vocab_size", 50257), hidden_size=d,
            num_layers=c.get("n_layer", 12), num_heads=h, num_kv_heads=h, head_dim=d // h,
            intermediate_size=c.get("n_inner") or 4 * d,                      # n_inner=None -> 4 * n_embd
            max_positions=c.get("n_positions", 1024),
            eps=c.get("layer_norm_epsilon", 1e-5),
            act=c.get("activation_function", "gelu_new"),
            tie=c.get("tie_word_embeddings", True),                          # PretrainedConfig default: True
            scale_attn_weights=c.get("scale_attn_weights", True),
            scale_attn_by_inverse_layer_idx=c.get("scale_attn_by_inverse_layer_idx", False),
        )
    if mt in ("llama", "mistral", "qwen2"):
        defaults = {  # LlamaConfig / MistralConfig / Qwen2Config defaults
            "llama": dict(vocab_size=32000, hidden_size=4096, intermediate_size=11008, num_hidden_layers=32,
                          num_attention_heads=32, num_key_value_heads=None, max_position_embeddings=2048),
            "mistral": dict(vocab_size=32000, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
                            num_attention_heads=32, num_key_value_heads=8, max_position_embeddings=4096 * 32),
            "qwen2": dict(vocab_size=151936, hidden_size=4096, intermediate_size=22016, num_hidden_layers=32,
                          num_attention_heads=32, num_key_value_heads=32, max_position_embeddings=32768),
        }[mt]
        g = lambda k: c.get(k, defaults.get(k))  # noqa: E731
        d, h = g("hidden_size"), g("num_attention_heads")
        kv = g("num_key_value_heads")
        if kv is None:                                      # "for backward compatibility": kv heads = heads
            kv = h
        head_dim = c.get("head_dim") or d // h              # head_dim None -> hidden_size // num_attention_heads
        # rope: transformers <5 uses rope_theta + rope_scaling; >=5 folds both into rope_parameters.
        rp = c.get("rope_parameters") if isinstance(c.get("rope_parameters"), dict) else None
        rope_theta = c.get("rope_theta", (rp or {}).get("rope_theta", 10000.0))
        rope_scaling = c.get("rope_scaling") if isinstance(c.get("rope_scaling"), dict) else rp
        attention_bias = c.get("attention_bias", False) if mt == "llama" else False
        return dict(
            model_type=mt, vocab_size=g("vocab_size"), hidden_size=d, num_layers=g("num_hidden_layers"),
            num_heads=h, num_kv_heads=kv, head_dim=head_dim, intermediate_size=g("intermediate_size"),
            max_positions=g("max_position_embeddings"),
            eps=c.get("rms_norm_eps", 1e-6),
            act=c.get("hidden_act", "silu"),
            tie=c.get("tie_word_embeddings", False),        # Llama/Mistral/Qwen2 configs default to False
            rope_theta=float(rope_theta), rope_scaling=rope_scaling,
            qkv_bias=True if mt == "qwen2" else attention_bias,   # Qwen2: q/k/v bias always, o never
            o_bias=attention_bias,                                 # Llama: attention_bias on q, k, v AND o
            mlp_bias=c.get("mlp_bias", False) if mt == "llama" else False,
            sliding_windows=_sliding_windows(c, mt, g("num_hidden_layers")),
        )
    raise ValueError(f"unsupported model_type {mt!r} (supported: gpt2, llama, mistral, qwen2)")


def _sliding_windows(c, mt, n_layers):
    """Per-layer sliding window (None = full causal attention).
    Mistral: config.sliding_window (default 4096, null disables) on every layer.
    Qwen2: only if use_sliding_window (default False); then layer_types, or by default layers i >= max_window_layers."""
    if mt == "mistral":
        return [c.get("sliding_window", 4096)] * n_layers
    if mt == "qwen2" and c.get("use_sliding_window", False):
        w = c.get("sliding_window", 4096)
        types = c.get("layer_types") or ["sliding_attention" if w is not None and i >= c.get("max_window_layers", 28)
                                         else "full_attention" for i in range(n_layers)]
        return [w if t == "sliding_attention" else None for t in types]
    return [None] * n_layers


# ----------------------------------------------------------------------------------------------------------------
# activations.py
# ----------------------------------------------------------------------------------------------------------------

_erf = np.frompyfunc(math.erf, 1, 1)


def activation(name, x):
    if name in ("gelu_new", "gelu_pytorch_tanh", "gelu_fast"):
        # NewGELUActivation / PytorchGELUTanh / FastGELUActivation: all the tanh approximation
        # 0.5 * x * (1 + tanh(sqrt(2/pi) * (x + 0.044715 * x^3)))
        return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * np.power(x, 3.0))))
    if name == "gelu":
        # GELUActivation = nn.functional.gelu (exact): 0.5 * x * (1 + erf(x / sqrt(2)))
        return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)).astype(x.dtype))
    if name == "relu":
        return np.maximum(x, 0)
    if name in ("silu", "swish"):
        return x / (1.0 + np.exp(-x))                  # x * sigmoid(x)
    raise ValueError(f"unsupported activation {name!r}")


# ----------------------------------------------------------------------------------------------------------------
# building blocks
# ----------------------------------------------------------------------------------------------------------------

def linear(x, w, b=None):
    """nn.Linear: weight [out, in]; y = x @ W^T + b."""
    y = x @ w.T
    return y if b is None else y + b


def conv1d(x, w, b):
    """pytorch_utils.Conv1D: weight [in, out] (transposed vs nn.Linear); y = x @ W + b."""
    return x @ w + b


def layer_norm(x, w, b, eps):
    """nn.LayerNorm over the last dim, biased variance. x: [T, D]."""
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def rms_norm(x, w, eps):
    """LlamaRMSNorm: x.float(); x * rsqrt(mean(x^2) + eps); weight * x.to(input_dtype). No mean subtraction,
    no bias, weight multiplied AFTER the cast back (we compute in DTYPE throughout). x: [T, D]."""
    variance = (x * x).mean(-1, keepdims=True)
    return w * (x / np.sqrt(variance + eps))


def rope_inv_freq(cfg):
    """modeling_rope_utils.ROPE_INIT_FUNCTIONS['default'|'linear'|'llama3'] -> inv_freq [head_dim/2].
    Computed in float32 exactly as HF does (inv_freq is a float32 buffer there); the angles are then taken in DTYPE."""
    dim = cfg["head_dim"]
    base = np.float32(cfg["rope_theta"])
    inv_freq = (np.float32(1.0) / (base ** (np.arange(0, dim, 2, dtype=np.int64).astype(np.float32)
                                            / np.float32(dim)))).astype(np.float32)
    rs = cfg.get("rope_scaling")
    rope_type = "default" if rs is None else rs.get("rope_type", rs.get("type", "default"))
    if rope_type == "default":
        return inv_freq
    if rope_type == "linear":
        # originally positions / factor; HF now divides inv_freq by factor (equivalent)
        return (inv_freq / np.float32(rs["factor"])).astype(np.float32)
    if rope_type == "llama3":
        factor = rs["factor"]                                    # 8
        low_freq_factor = rs["low_freq_factor"]                  # 1
        high_freq_factor = rs["high_freq_factor"]                # 4
        old_context_len = rs["original_max_position_embeddings"]  # 8192
        low_freq_wavelen = old_context_len / low_freq_factor
        high_freq_wavelen = old_context_len / high_freq_factor
        wavelen = (np.float32(2 * math.pi) / inv_freq).astype(np.float32)
        # wavelen < high_freq_wavelen: keep; wavelen > low_freq_wavelen: divide by factor
        inv_freq_llama = np.where(wavelen > low_freq_wavelen, inv_freq / np.float32(factor), inv_freq).astype(np.float32)
        # otherwise: interpolate between the two, using a smooth factor
        smooth_factor = ((old_context_len / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)).astype(np.float32)
        smoothed_inv_freq = ((1 - smooth_factor) * inv_freq_llama / np.float32(factor)
                             + smooth_factor * inv_freq_llama).astype(np.float32)
        is_medium_freq = ~(wavelen < high_freq_wavelen) & ~(wavelen > low_freq_wavelen)
        return np.where(is_medium_freq, smoothed_inv_freq, inv_freq_llama).astype(np.float32)
    raise ValueError(f"unsupported rope type {rope_type!r} (supported: default, linear, llama3)")


def rope_cos_sin(cfg, positions):
    """LlamaRotaryEmbedding.forward: freqs = pos (x) inv_freq; emb = cat(freqs, freqs); cos, sin (attention_scaling
    is 1.0 for default/linear/llama3). positions: [T] -> cos, sin: [T, head_dim]."""
    inv_freq = rope_inv_freq(cfg).astype(DTYPE)                      # [hd/2]
    freqs = np.outer(positions.astype(DTYPE), inv_freq)              # [T, hd/2]
    emb = np.concatenate([freqs, freqs], axis=-1)                    # [T, hd]
    return np.cos(emb), np.sin(emb)


def rotate_half(x):
    """[..., hd] -> cat(-x2, x1) where x1, x2 are the first and second halves (NOT interleaved pairs)."""
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def apply_rope(x, cos, sin):
    """x: [H, T, hd]; cos, sin: [T, hd] (broadcast over heads, unsqueeze_dim=1)."""
    return x * cos[None] + rotate_half(x) * sin[None]


def repeat_kv(x, n_rep):
    """[KV, T, hd] -> [KV*n_rep, T, hd]; query head h uses kv head h // n_rep (repeat_interleave on dim 1)."""
    if n_rep == 1:
        return x
    return np.repeat(x, n_rep, axis=0)


def softmax(x):
    """softmax over the last dim (HF: dtype=torch.float32; here DTYPE). Masked entries are -inf."""
    m = x.max(-1, keepdims=True)
    e = np.exp(x - m)
    return e / e.sum(-1, keepdims=True)


def attention(q, k, v, scaling, sliding_window=None):
    """Causal scaled dot-product attention (eager_attention_forward / GPT2Attention._attn).
    q: [H, T, hd]; k, v: [H, T, hd] (kv already repeated) -> [T, H*hd].

    HF adds finfo(dtype).min to masked scores; with at least one unmasked key per row (always true for a causal
    mask) that is identical to -inf. Sliding window (Mistral, Qwen2 with use_sliding_window): key j is visible to
    query i iff i - j < sliding_window. For sequences shorter than the window this is the plain causal mask, so
    for the short sequences we verify with it has no effect; it is implemented anyway for completeness."""
    H, T, hd = q.shape
    scores = (q @ k.transpose(0, 2, 1)) * scaling                    # [H, T, T]
    i = np.arange(T)[:, None]
    j = np.arange(T)[None, :]
    visible = j <= i                                                  # [T, T] causal
    if sliding_window is not None:
        visible &= (i - j) < sliding_window
    scores = np.where(visible[None], scores, -np.inf)
    probs = softmax(scores)                                           # [H, T, T]
    out = probs @ v                                                   # [H, T, hd]
    return out.transpose(1, 0, 2).reshape(T, H * hd)                  # [T, H*hd]  (transpose(1, 2) + reshape)


class Weights(dict):
    """name -> StoredTensor; reading an entry converts it to DTYPE (per use, so one layer at a time is resident).
    Non-tensor entries (the list of layers, None for an absent bias) are returned as they are."""

    def __getitem__(self, key):
        v = dict.__getitem__(self, key)
        return v.load().astype(DTYPE) if isinstance(v, StoredTensor) else v

    def stored(self, key):
        return dict.__getitem__(self, key)


# ----------------------------------------------------------------------------------------------------------------
# GPT-2
# ----------------------------------------------------------------------------------------------------------------

def gpt2_weights(tensors, cfg):
    """Accepts checkpoint keys with or without the `transformer.` prefix (GPT2LMHeadModel vs GPT2Model)."""
    def get(name, required=True):
        for key in (name, "transformer." + name):
            if key in tensors:
                return tensors[key]
        if required:
            raise KeyError(f"missing tensor {name!r} (also tried 'transformer.{name}')")
        return None
    W = Weights({"wte": get("wte.weight"), "wpe": get("wpe.weight"),
                 "ln_f.w": get("ln_f.weight"), "ln_f.b": get("ln_f.bias"), "layers": []})
    for i in range(cfg["num_layers"]):
        p = f"h.{i}."
        W["layers"].append(Weights({k: get(p + k) for k in (
            "ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias", "attn.c_proj.weight",
            "attn.c_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight", "mlp.c_fc.bias",
            "mlp.c_proj.weight", "mlp.c_proj.bias")}))
    W["lm_head"] = W.stored("wte") if cfg["tie"] else get("lm_head.weight")
    return W


def gpt2_attention(x, L, cfg, layer_idx):
    """GPT2Attention.forward (self-attention). x: [T, D] -> [T, D]."""
    T, D = x.shape
    H, hd = cfg["num_heads"], cfg["head_dim"]
    qkv = conv1d(x, L["attn.c_attn.weight"], L["attn.c_attn.bias"])     # [T, 3D]
    q, k, v = qkv[:, :D], qkv[:, D:2 * D], qkv[:, 2 * D:]                 # split(split_size=D, dim=2)
    split = lambda t: t.reshape(T, H, hd).transpose(1, 0, 2)              # noqa: E731  [H, T, hd]
    scaling = 1.0
    if cfg["scale_attn_weights"]:
        scaling /= hd ** 0.5                                              # / value.size(-1) ** 0.5
    if cfg["scale_attn_by_inverse_layer_idx"]:
        scaling /= float(layer_idx + 1)
    a = attention(split(q), split(k), split(v), scaling)                  # [T, D]
    return conv1d(a, L["attn.c_proj.weight"], L["attn.c_proj.bias"])     # [T, D]


def gpt2_mlp(x, L, cfg):
    """GPT2MLP: c_proj(act(c_fc(x))). [T, D] -> [T, D]."""
    h = activation(cfg["act"], conv1d(x, L["mlp.c_fc.weight"], L["mlp.c_fc.bias"]))   # [T, I]
    return conv1d(h, L["mlp.c_proj.weight"], L["mlp.c_proj.bias"])                      # [T, D]


def gpt2_block(x, L, cfg, layer_idx):
    """GPT2Block: pre-LN; x + attn(ln_1(x)); x + mlp(ln_2(x))."""
    eps = cfg["eps"]
    x = x + gpt2_attention(layer_norm(x, L["ln_1.weight"], L["ln_1.bias"], eps), L, cfg, layer_idx)
    x = x + gpt2_mlp(layer_norm(x, L["ln_2.weight"], L["ln_2.bias"], eps), L, cfg)
    return x


# ----------------------------------------------------------------------------------------------------------------
# Llama / Mistral / Qwen2
# ----------------------------------------------------------------------------------------------------------------

def llama_weights(tensors, cfg):
    def get(name, required=True):
        if name in tensors:
            return tensors[name]
        if required:
            raise KeyError(f"missing tensor {name!r}")
        return None
    W = Weights({"embed": get("model.embed_tokens.weight"), "norm": get("model.norm.weight"), "layers": []})
    for i in range(cfg["num_layers"]):
        p = f"model.layers.{i}."
        L = Weights({"input_layernorm": get(p + "input_layernorm.weight"),
                     "post_attention_layernorm": get(p + "post_attention_layernorm.weight")})
        for n in ("q_proj", "k_proj", "v_proj", "o_proj"):
            L[n] = get(p + f"self_attn.{n}.weight")
            has_bias = cfg["o_bias"] if n == "o_proj" else cfg["qkv_bias"]
            L[n + ".bias"] = get(p + f"self_attn.{n}.bias") if has_bias else None
        for n in ("gate_proj", "up_proj", "down_proj"):
            L[n] = get(p + f"mlp.{n}.weight")
            L[n + ".bias"] = get(p + f"mlp.{n}.bias") if cfg["mlp_bias"] else None
        W["layers"].append(L)
    if cfg["tie"]:
        W["lm_head"] = W.stored("embed")      # tied: lm_head IS embed_tokens (a stray lm_head.weight is ignored)
    else:
        W["lm_head"] = get("lm_head.weight")
    return W


def llama_attention(x, L, cfg, cos, sin, sliding_window=None):
    """LlamaAttention.forward + eager_attention_forward. x: [T, D] -> [T, D]."""
    T = x.shape[0]
    H, KV, hd = cfg["num_heads"], cfg["num_kv_heads"], cfg["head_dim"]
    q = linear(x, L["q_proj"], L["q_proj.bias"]).reshape(T, H, hd).transpose(1, 0, 2)    # [H, T, hd]
    k = linear(x, L["k_proj"], L["k_proj.bias"]).reshape(T, KV, hd).transpose(1, 0, 2)   # [KV, T, hd]
    v = linear(x, L["v_proj"], L["v_proj.bias"]).reshape(T, KV, hd).transpose(1, 0, 2)   # [KV, T, hd]
    q, k = apply_rope(q, cos, sin), apply_rope(k, cos, sin)
    k, v = repeat_kv(k, H // KV), repeat_kv(v, H // KV)                                    # [H, T, hd]
    a = attention(q, k, v, hd ** -0.5, sliding_window)                                    # [T, H*hd]
    return linear(a, L["o_proj"], L["o_proj.bias"])                                        # [T, D]


def llama_mlp(x, L, cfg):
    """LlamaMLP: down_proj(act(gate_proj(x)) * up_proj(x)). [T, D] -> [T, D]."""
    g = activation(cfg["act"], linear(x, L["gate_proj"], L["gate_proj.bias"]))   # [T, I]
    u = linear(x, L["up_proj"], L["up_proj.bias"])                               # [T, I]
    return linear(g * u, L["down_proj"], L["down_proj.bias"])                    # [T, D]


def llama_block(x, L, cfg, cos, sin, layer_idx):
    """LlamaDecoderLayer: x + attn(rms(x)); x + mlp(rms(x))."""
    x = x + llama_attention(rms_norm(x, L["input_layernorm"], cfg["eps"]), L, cfg, cos, sin,
                            cfg["sliding_windows"][layer_idx])
    x = x + llama_mlp(rms_norm(x, L["post_attention_layernorm"], cfg["eps"]), L, cfg)
    return x


# ----------------------------------------------------------------------------------------------------------------
# model
# ----------------------------------------------------------------------------------------------------------------

class Model:
    def __init__(self, model_dir):
        self.cfg = read_config(model_dir)
        tensors = load_checkpoint(model_dir)
        if self.cfg["model_type"] == "gpt2":
            self.W = gpt2_weights(tensors, self.cfg)
        else:
            self.W = llama_weights(tensors, self.cfg)

    @property
    def is_gpt2(self):
        return self.cfg["model_type"] == "gpt2"

    def embed(self, ids):
        """Token embeddings only (wte / embed_tokens), i.e. what HF's `inputs_embeds` replaces. [T, D]."""
        table = self.W.stored("wte" if self.is_gpt2 else "embed")
        return table.load(rows=np.asarray(ids, dtype=np.int64)).astype(DTYPE)

    def forward(self, ids, nokens=(), injections=()):
        """Full causal forward over positions 0..T-1. Returns logits [T, V] (DTYPE).

        nokens:     [(position, vec[D])]: replace the token embedding at `position` (the id there is ignored);
                    exactly HF's forward(inputs_embeds=...) with that row replaced. For GPT-2 wpe is still added.
        injections: [(layer, position, vec[D], mode)] with mode 'add'|'replace', applied to the hidden state that
                    ENTERS decoder block `layer` (= HF output_hidden_states[layer] for layer < n_layers; layer 0 is
                    the embedding output, for GPT-2 after adding wpe); layer == n_layers is the output of the last
                    block, before the final norm (HF's last hidden_states entry is AFTER the final norm)."""
        cfg = self.cfg
        T = len(ids)
        x = self.embed(ids)                                               # [T, D]
        for pos, vec in nokens:
            x[pos] = np.asarray(vec, dtype=DTYPE)
        positions = np.arange(T)                                          # position_ids = cache_position = 0..T-1
        if self.is_gpt2:
            x = x + self.W["wpe"][positions]                              # inputs_embeds + position_embeds
        else:
            cos, sin = rope_cos_sin(cfg, positions)                       # [T, hd] shared by all layers

        def inject(layer, x):
            for (l, pos, vec, mode) in injections:
                if l == layer:
                    vec = np.asarray(vec, dtype=DTYPE)
                    x[pos] = vec if mode == "replace" else x[pos] + vec
            return x

        for i, L in enumerate(self.W["layers"]):
            x = inject(i, x)
            x = gpt2_block(x, L, cfg, i) if self.is_gpt2 else llama_block(x, L, cfg, cos, sin, i)
        x = inject(cfg["num_layers"], x)
        if self.is_gpt2:
            x = layer_norm(x, self.W["ln_f.w"], self.W["ln_f.b"], cfg["eps"])   # ln_f
        else:
            x = rms_norm(x, self.W["norm"], cfg["eps"])                          # model.norm
        return self.lm_head(x)

    def lm_head(self, x, chunk=8192):
        """logits = x @ lm_head.weight^T (no bias), in vocab chunks to bound memory. [T, D] -> [T, V]."""
        w = self.W.stored("lm_head")
        V = w.shape[0]
        out = np.empty((x.shape[0], V), dtype=DTYPE)
        for s in range(0, V, chunk):
            out[:, s:s + chunk] = x @ w.load(rows=slice(s, s + chunk)).astype(DTYPE).T
        return out


# ----------------------------------------------------------------------------------------------------------------
# CLI
# ----------------------------------------------------------------------------------------------------------------

def _read_vec(path, D):
    with open(path) as f:
        v = json.load(f)
    if isinstance(v, dict):        # tolerate {"vector": [...]} / {"embedding": [...]}
        v = v.get("vector", v.get("embedding"))
    v = np.asarray(v, dtype=np.float64)
    if v.shape != (D,):
        raise ValueError(f"{path}: expected a JSON list of {D} floats, got shape {v.shape}")
    return v


def main(argv=None):
    global DTYPE
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True, help="Hugging Face checkpoint folder (config.json + safetensors)")
    ap.add_argument("--ids", required=True, help="comma-separated token ids, e.g. 3,17,42")
    ap.add_argument("--float32", action="store_true", help="compute in float32 instead of float64")
    ap.add_argument("--noken-position", type=int, action="append", default=[])
    ap.add_argument("--noken-file", action="append", default=[], help="JSON list of D floats")
    ap.add_argument("--inject-layer", type=int, action="append", default=[])
    ap.add_argument("--inject-position", type=int, action="append", default=[])
    ap.add_argument("--inject-file", action="append", default=[], help="JSON list of D floats")
    ap.add_argument("--inject-mode", action="append", default=[], choices=["add", "replace"])
    args = ap.parse_args(argv)
    if args.float32:
        DTYPE = np.float32

    ids = [int(t) for t in args.ids.replace(" ", "").split(",") if t != ""]
    if not ids:
        ap.error("--ids is empty")
    model = Model(args.model)
    cfg = model.cfg
    D, T = cfg["hidden_size"], len(ids)
    n_rows = model.W.stored("wte" if model.is_gpt2 else "embed").shape[0]
    for t in ids:
        if not 0 <= t < n_rows:
            ap.error(f"token id {t} out of range [0, {n_rows})")
    if cfg["model_type"] == "gpt2" and T > cfg["max_positions"]:
        ap.error(f"{T} positions > n_positions {cfg['max_positions']}")

    if len(args.noken_position) != len(args.noken_file):
        ap.error("each --noken-position needs a --noken-file")
    nokens = [(p, _read_vec(f, D)) for p, f in zip(args.noken_position, args.noken_file)]
    n_inj = len(args.inject_layer)
    if not (len(args.inject_position) == len(args.inject_file) == n_inj):
        ap.error("--inject-layer, --inject-position and --inject-file must be given together")
    modes = args.inject_mode or ["add"] * n_inj
    if len(modes) == 1 and n_inj > 1:
        modes = modes * n_inj
    if len(modes) != n_inj:
        ap.error("give one --inject-mode per injection (or one for all)")
    injections = [(l, p, _read_vec(f, D), m)
                  for l, p, f, m in zip(args.inject_layer, args.inject_position, args.inject_file, modes)]
    for p, *_ in nokens:
        if not 0 <= p < T:
            ap.error(f"noken position {p} out of range [0, {T})")
    for l, p, _, _ in injections:
        if not 0 <= l <= cfg["num_layers"]:
            ap.error(f"inject layer {l} out of range [0, {cfg['num_layers']}]")
        if not 0 <= p < T:
            ap.error(f"inject position {p} out of range [0, {T})")

    logits = model.forward(ids, nokens, injections)                               # [T, V]
    rows = logits.astype(np.float32).tolist()   # Python floats holding exactly the float32 values
    sys.stdout.write(json.dumps({"ids": ids, "logits": rows}, separators=(",", ":")))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
