#!/usr/bin/python3
"""Internal-consistency self-test of hf_reference.py (no transformers / torch needed).

Builds tiny random GPT-2, Llama (GQA), Mistral and Qwen2 checkpoints in a temp folder (safetensors written here),
then checks properties every correct implementation must have. Prints PASS/FAIL per check; exit code 1 on failure.

    /usr/bin/python3 tools/reference/selftest.py
"""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hf_reference as ref  # noqa: E402

RNG = np.random.default_rng(1234)
V, D, H, KV, HD, I, NL = 61, 16, 4, 2, 4, 24, 2
RESULTS = []


def check(name, ok, detail=""):
    RESULTS.append(ok)
    print(f"{'PASS' if ok else 'FAIL'}  {name}{'  (' + detail + ')' if detail else ''}")


def close(a, b, tol=1e-10):
    err = float(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(b, np.float64))))
    return err <= tol, f"max|diff|={err:.3g}"


def rnd(*shape, scale=0.3):
    return (RNG.standard_normal(shape) * scale).astype(np.float32)


def save(folder, config, tensors, dtype="F32", shards=1):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f)
    if shards == 1:
        ref.write_safetensors(os.path.join(folder, "model.safetensors"), tensors, dtype)
    else:
        names = sorted(tensors)
        weight_map = {}
        for s in range(shards):
            fn = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
            part = {n: tensors[n] for n in names[s::shards]}
            ref.write_safetensors(os.path.join(folder, fn), part, dtype)
            weight_map.update({n: fn for n in part})
        with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {}, "weight_map": weight_map}, f)
    return folder


def gpt2_tensors(prefix="transformer."):
    t = {"wte.weight": rnd(V, D), "wpe.weight": rnd(32, D), "ln_f.weight": 1 + rnd(D, scale=0.1),
         "ln_f.bias": rnd(D, scale=0.1)}
    for i in range(NL):
        p = f"h.{i}."
        t.update({p + "ln_1.weight": 1 + rnd(D, scale=0.1), p + "ln_1.bias": rnd(D, scale=0.1),
                  p + "attn.c_attn.weight": rnd(D, 3 * D), p + "attn.c_attn.bias": rnd(3 * D, scale=0.1),
                  p + "attn.c_proj.weight": rnd(D, D), p + "attn.c_proj.bias": rnd(D, scale=0.1),
                  p + "ln_2.weight": 1 + rnd(D, scale=0.1), p + "ln_2.bias": rnd(D, scale=0.1),
                  p + "mlp.c_fc.weight": rnd(D, 4 * D), p + "mlp.c_fc.bias": rnd(4 * D, scale=0.1),
                  p + "mlp.c_proj.weight": rnd(4 * D, D), p + "mlp.c_proj.bias": rnd(D, scale=0.1)})
    return {prefix + k: v for k, v in t.items()}


GPT2_CONFIG = {"model_type": "gpt2", "vocab_size": V, "n_embd": D, "n_head": H, "n_layer": NL, "n_positions": 32}


def llama_tensors(kv=KV, qkv_bias=False, o_bias=False):
    t = {"model.embed_tokens.weight": rnd(V, D), "model.norm.weight": 1 + rnd(D, scale=0.1),
         "lm_head.weight": rnd(V, D)}
    for i in range(NL):
        p = f"model.layers.{i}."
        t.update({p + "input_layernorm.weight": 1 + rnd(D, scale=0.1),
                  p + "post_attention_layernorm.weight": 1 + rnd(D, scale=0.1),
                  p + "self_attn.q_proj.weight": rnd(H * HD, D), p + "self_attn.k_proj.weight": rnd(kv * HD, D),
                  p + "self_attn.v_proj.weight": rnd(kv * HD, D), p + "self_attn.o_proj.weight": rnd(D, H * HD),
                  p + "mlp.gate_proj.weight": rnd(I, D), p + "mlp.up_proj.weight": rnd(I, D),
                  p + "mlp.down_proj.weight": rnd(D, I)})
        if qkv_bias:
            t.update({p + "self_attn.q_proj.bias": rnd(H * HD), p + "self_attn.k_proj.bias": rnd(kv * HD),
                      p + "self_attn.v_proj.bias": rnd(kv * HD)})
        if o_bias:
            t[p + "self_attn.o_proj.bias"] = rnd(D)
    return t


def llama_config(model_type="llama", kv=KV, **extra):
    c = {"model_type": model_type, "vocab_size": V, "hidden_size": D, "intermediate_size": I,
         "num_hidden_layers": NL, "num_attention_heads": H, "num_key_value_heads": kv,
         "max_position_embeddings": 64, "rms_norm_eps": 1e-5, "rope_theta": 10000.0}
    c.update(extra)
    return c


def logits(folder, ids, **kw):
    return ref.Model(folder).forward(ids, **kw)


def cli(folder, ids, *extra):
    out = subprocess.run([sys.executable, os.path.join(HERE, "hf_reference.py"), "--model", folder,
                          "--ids", ",".join(map(str, ids)), *extra], capture_output=True, text=True, check=True)
    obj = json.loads(out.stdout)
    assert obj["ids"] == list(ids)
    return np.asarray(obj["logits"], dtype=np.float64)


# ---------------------------------------------------------------------------------------------------------------
# naive, token-by-token implementations (explicit loops over heads and keys) to cross-check the vectorised code
# ---------------------------------------------------------------------------------------------------------------

def naive_attention_row(q_heads, keys, values, scaling):
    """q_heads: [H][hd], keys/values: [H][t+1][hd] -> [H*hd]; plain loops, math.exp softmax."""
    out = []
    for h in range(len(q_heads)):
        s = [scaling * float(np.dot(q_heads[h], k)) for k in keys[h]]
        m = max(s)
        e = [math.exp(x - m) for x in s]
        z = sum(e)
        out.append(sum((ei / z) * v for ei, v in zip(e, values[h])))
    return np.concatenate(out)


def naive_llama(folder, ids):
    m = ref.Model(folder)
    cfg, W = m.cfg, m.W
    hd, nh, nkv = cfg["head_dim"], cfg["num_heads"], cfg["num_kv_heads"]
    inv = ref.rope_inv_freq(cfg).astype(np.float64)
    cache = [([[] for _ in range(nkv)], [[] for _ in range(nkv)]) for _ in range(cfg["num_layers"])]

    def rope(vec, pos):  # rotate pairs (j, j + hd/2) by angle pos * inv[j]
        out = vec.copy()
        for j in range(hd // 2):
            c, s = math.cos(pos * inv[j]), math.sin(pos * inv[j])
            out[j] = vec[j] * c - vec[j + hd // 2] * s
            out[j + hd // 2] = vec[j + hd // 2] * c + vec[j] * s
        return out

    def rms(x, w):
        return w * x / math.sqrt(float(np.mean(x * x)) + cfg["eps"])

    rows = []
    for pos, t in enumerate(ids):
        x = W["embed"][t].copy()
        for li, L in enumerate(W["layers"]):
            h = rms(x, L["input_layernorm"])
            lin = lambda n: L[n] @ h + (L[n + ".bias"] if L[n + ".bias"] is not None else 0)  # noqa: E731
            q, k, v = lin("q_proj"), lin("k_proj"), lin("v_proj")
            ks, vs = cache[li]
            for g in range(nkv):
                ks[g].append(rope(k[g * hd:(g + 1) * hd], pos))
                vs[g].append(v[g * hd:(g + 1) * hd])
            qh = [rope(q[i * hd:(i + 1) * hd], pos) for i in range(nh)]
            grp = nh // nkv
            a = naive_attention_row(qh, [ks[i // grp] for i in range(nh)], [vs[i // grp] for i in range(nh)],
                                    1 / math.sqrt(hd))
            o = L["o_proj"] @ a + (L["o_proj.bias"] if L["o_proj.bias"] is not None else 0)
            x = x + o
            h = rms(x, L["post_attention_layernorm"])
            g_ = L["gate_proj"] @ h
            x = x + L["down_proj"] @ ((g_ / (1 + np.exp(-g_))) * (L["up_proj"] @ h))
        rows.append(W["lm_head"] @ rms(x, W["norm"]))
    return np.array(rows)


def naive_gpt2(folder, ids):
    m = ref.Model(folder)
    cfg, W = m.cfg, m.W
    hd, nh, d = cfg["head_dim"], cfg["num_heads"], cfg["hidden_size"]
    cache = [([[] for _ in range(nh)], [[] for _ in range(nh)]) for _ in range(cfg["num_layers"])]

    def ln(x, w, b):
        mu = sum(x) / len(x)
        var = sum((xi - mu) ** 2 for xi in x) / len(x)
        return np.array([(xi - mu) / math.sqrt(var + cfg["eps"]) for xi in x]) * w + b

    def gelu_new(x):
        return np.array([0.5 * u * (1 + math.tanh(math.sqrt(2 / math.pi) * (u + 0.044715 * u ** 3))) for u in x])

    rows = []
    for pos, t in enumerate(ids):
        x = W["wte"][t] + W["wpe"][pos]
        for li, L in enumerate(W["layers"]):
            h = ln(x, L["ln_1.weight"], L["ln_1.bias"])
            qkv = h @ L["attn.c_attn.weight"] + L["attn.c_attn.bias"]
            q, k, v = qkv[:d], qkv[d:2 * d], qkv[2 * d:]
            ks, vs = cache[li]
            for i in range(nh):
                ks[i].append(k[i * hd:(i + 1) * hd])
                vs[i].append(v[i * hd:(i + 1) * hd])
            a = naive_attention_row([q[i * hd:(i + 1) * hd] for i in range(nh)], ks, vs, 1 / math.sqrt(hd))
            x = x + a @ L["attn.c_proj.weight"] + L["attn.c_proj.bias"]
            h = ln(x, L["ln_2.weight"], L["ln_2.bias"])
            x = x + gelu_new(h @ L["mlp.c_fc.weight"] + L["mlp.c_fc.bias"]) @ L["mlp.c_proj.weight"] \
                + L["mlp.c_proj.bias"]
        rows.append(W["lm_head"] @ ln(x, W["ln_f.w"], W["ln_f.b"]))
    return np.array(rows)


# ---------------------------------------------------------------------------------------------------------------

def main():
    tmp = tempfile.mkdtemp(prefix="hfref-selftest-")
    ids = [5, 17, 42, 3, 60, 0, 11, 29]
    short = ids[:5]

    # ---- GPT-2 ----
    g = gpt2_tensors()
    gdir = save(os.path.join(tmp, "gpt2"), GPT2_CONFIG, g)
    full = logits(gdir, ids)
    check("gpt2: output shape [T, V]", full.shape == (len(ids), V), str(full.shape))
    check("gpt2: causality (prefix logits == first rows of longer sequence)", *close(logits(gdir, short), full[:5]))
    check("gpt2: matches naive token-by-token loop implementation", *close(naive_gpt2(gdir, ids), full, 1e-9))
    g_noprefix = {k[len("transformer."):]: v for k, v in g.items()}
    d2 = save(os.path.join(tmp, "gpt2-noprefix"), GPT2_CONFIG, g_noprefix)
    check("gpt2: keys without 'transformer.' prefix give the same logits", *close(logits(d2, ids), full, 0))
    d3 = save(os.path.join(tmp, "gpt2-untied"), dict(GPT2_CONFIG, tie_word_embeddings=False),
              dict(g, **{"lm_head.weight": g["transformer.wte.weight"]}))
    check("gpt2: untied with lm_head == wte equals tied (default)", *close(logits(d3, ids), full, 0))
    d4 = save(os.path.join(tmp, "gpt2-exactgelu"), dict(GPT2_CONFIG, activation_function="gelu"), g)
    check("gpt2: exact-erf gelu differs from gelu_new only slightly",
          0 < float(np.max(np.abs(logits(d4, ids) - full))) < 1e-2)
    x = np.linspace(-6, 6, 1001)
    check("activations: gelu_new ~= erf gelu (|diff| < 1e-3), gelu_new == gelu_pytorch_tanh",
          float(np.max(np.abs(ref.activation("gelu_new", x) - ref.activation("gelu", x)))) < 1e-3
          and np.array_equal(ref.activation("gelu_new", x), ref.activation("gelu_pytorch_tanh", x)))

    # CLI round trip + noken
    cl = cli(gdir, ids)
    check("gpt2 CLI: JSON logits == in-process logits (float32-rounded)",
          *close(cl, full.astype(np.float32), 0))
    vec = os.path.join(tmp, "gpt2-row.json")
    with open(vec, "w") as f:
        json.dump(g["transformer.wte.weight"][42].astype(np.float64).tolist(), f)
    cl2 = cli(gdir, [5, 17, 0, 3], "--noken-position", "2", "--noken-file", vec)
    check("gpt2 CLI: --noken-file with wte row of token 42 == id 42", *close(cl2, full[:4].astype(np.float32), 0))

    # ---- Llama (GQA) ----
    lt = llama_tensors()
    ldir = save(os.path.join(tmp, "llama"), llama_config(), lt)
    lfull = logits(ldir, ids)
    check("llama: causality (prefix logits == first rows of longer sequence)", *close(logits(ldir, short), lfull[:5]))
    check("llama: matches naive token-by-token loop implementation (GQA, pairwise rope)",
          *close(naive_llama(ldir, ids), lfull, 1e-9))
    # GQA == MHA with each kv head duplicated for its group of query heads (head h uses kv head h // (H/KV))
    mha = dict(lt)
    for i in range(NL):
        for n in ("k_proj", "v_proj"):
            key = f"model.layers.{i}.self_attn.{n}.weight"
            mha[key] = np.repeat(lt[key].reshape(KV, HD, D), H // KV, axis=0).reshape(H * HD, D)
    mdir = save(os.path.join(tmp, "llama-mha"), llama_config(kv=H), mha)
    check("llama: GQA (kv=2) == MHA (kv=4) with duplicated k/v weights", *close(logits(mdir, ids), lfull))
    tied = dict(lt)
    del tied["lm_head.weight"]
    untied_eq = dict(lt, **{"lm_head.weight": lt["model.embed_tokens.weight"]})
    tdir = save(os.path.join(tmp, "llama-tied"), llama_config(tie_word_embeddings=True), tied)
    udir = save(os.path.join(tmp, "llama-untied-eq"), llama_config(), untied_eq)
    check("llama: tied (no lm_head.weight) == untied with lm_head == embed_tokens",
          *close(logits(tdir, ids), logits(udir, ids), 0))
    vec = os.path.join(tmp, "llama-row.json")
    with open(vec, "w") as f:
        json.dump(lt["model.embed_tokens.weight"][60].astype(np.float64).tolist(), f)
    cl3 = cli(ldir, [5, 17, 42, 3, 1], "--noken-position", "4", "--noken-file", vec)
    check("llama CLI: --noken-file with embed row of token 60 == id 60",
          *close(cl3, lfull[:5].astype(np.float32), 0))

    # injections
    m = ref.Model(ldir)
    zero = np.zeros(D)
    check("inject: add zero vector at every layer 0..n leaves logits unchanged",
          *close(m.forward(ids, injections=[(l, 3, zero, "add") for l in range(NL + 1)]), lfull, 0))
    check("inject: replace at layer 0 with the embedding row itself leaves logits unchanged",
          *close(m.forward(ids, injections=[(0, 3, m.embed([ids[3]])[0], "replace")]), lfull, 0))
    nk = rnd(D)
    check("inject: layer-0 replace == --noken at the same position (Llama: no position embedding)",
          *close(m.forward(ids, injections=[(0, 2, nk, "replace")]), m.forward(ids, nokens=[(2, nk)]), 0))
    perturbed = m.forward(ids, injections=[(1, 4, rnd(D), "add")])
    check("inject: perturbing position 4 leaves rows 0..3 unchanged and changes rows 4..",
          np.array_equal(perturbed[:4], lfull[:4]) and bool(np.all(np.abs(perturbed[4:] - lfull[4:]).max(-1) > 0)))
    v_last = rnd(D)
    p_last = m.forward(ids, injections=[(NL, 6, v_last, "add")])
    check("inject: layer n (after last block) changes only that position's row",
          np.array_equal(np.delete(p_last, 6, 0), np.delete(lfull, 6, 0)) and not np.array_equal(p_last[6], lfull[6]))
    injf = os.path.join(tmp, "inj.json")
    with open(injf, "w") as f:
        json.dump(nk.astype(np.float64).tolist(), f)
    cl4 = cli(ldir, ids, "--inject-layer", "1", "--inject-position", "2", "--inject-file", injf, "--inject-mode", "add")
    xs = rnd(3, D).astype(np.float64)
    check("lm_head: vocab-chunked product == single product", *close(m.lm_head(xs, chunk=7), m.lm_head(xs), 0))
    check("inject CLI == in-process", *close(cl4, m.forward(ids, injections=[(1, 2, nk, "add")]).astype(np.float32), 0))

    # loaders
    sdir = save(os.path.join(tmp, "llama-sharded"), llama_config(), lt, shards=3)
    check("loader: 3-shard model.safetensors.index.json == single file", *close(logits(sdir, ids), lfull, 0))
    bdir = save(os.path.join(tmp, "llama-bf16"), llama_config(), lt, dtype="BF16")
    bf = {k: ((v.view(np.uint32).astype(np.uint64) + 0x7FFF + ((v.view(np.uint32) >> 16) & 1)) >> 16 << 16)
          .astype(np.uint32).view(np.float32) for k, v in lt.items()}
    fdir = save(os.path.join(tmp, "llama-bf16-as-f32"), llama_config(), bf)
    check("loader: BF16 checkpoint == F32 checkpoint of the bf16-rounded weights", *close(logits(bdir, ids), logits(fdir, ids), 0))
    hdir = save(os.path.join(tmp, "llama-f16"), llama_config(), lt, dtype="F16")
    f16 = {k: v.astype(np.float16).astype(np.float32) for k, v in lt.items()}
    f16dir = save(os.path.join(tmp, "llama-f16-as-f32"), llama_config(), f16)
    check("loader: F16 checkpoint == F32 checkpoint of the f16-rounded weights", *close(logits(hdir, ids), logits(f16dir, ids), 0))

    # family variants
    mis = save(os.path.join(tmp, "mistral"), llama_config("mistral"), lt)
    check("mistral == llama with the same weights (T < sliding_window)", *close(logits(mis, ids), lfull, 0))
    misw = save(os.path.join(tmp, "mistral-w3"), llama_config("mistral", sliding_window=3), lt)
    lw = logits(misw, ids)
    check("mistral sliding_window=3: rows 0..2 equal full attention, later rows differ",
          np.array_equal(lw[:3], lfull[:3]) and not np.allclose(lw[3:], lfull[3:]))
    qz = dict(lt)
    for i in range(NL):
        for n, size in (("q_proj", H * HD), ("k_proj", KV * HD), ("v_proj", KV * HD)):
            qz[f"model.layers.{i}.self_attn.{n}.bias"] = np.zeros(size, np.float32)
    qdir = save(os.path.join(tmp, "qwen2-zero-bias"), llama_config("qwen2"), qz)
    check("qwen2 with zero q/k/v bias == llama", *close(logits(qdir, ids), lfull, 0))
    qb = llama_tensors(qkv_bias=True)
    qbdir = save(os.path.join(tmp, "qwen2"), llama_config("qwen2"), qb)
    check("qwen2 (q/k/v bias, no o bias): matches naive loop; causal",
          close(naive_llama(qbdir, ids), logits(qbdir, ids), 1e-9)[0]
          and close(logits(qbdir, short), logits(qbdir, ids)[:5])[0])
    lb = llama_tensors(qkv_bias=True, o_bias=True)
    lbdir = save(os.path.join(tmp, "llama-bias"), llama_config(attention_bias=True), lb)
    check("llama attention_bias=True (q/k/v/o bias): matches naive loop", *close(naive_llama(lbdir, ids), logits(lbdir, ids), 1e-9))

    # rope
    cfg = ref.read_config(ldir)
    pos = np.arange(40)
    cos, sin = ref.rope_cos_sin(cfg, pos)
    q, k = rnd(1, 1, HD).astype(np.float64), rnd(1, 1, HD).astype(np.float64)
    dots = {}
    for mpos in range(0, 40, 3):
        for npos in range(0, mpos + 1, 2):
            qm = ref.apply_rope(q, cos[mpos:mpos + 1], sin[mpos:mpos + 1])
            kn = ref.apply_rope(k, cos[npos:npos + 1], sin[npos:npos + 1])
            dots.setdefault(mpos - npos, []).append(float((qm * kn).sum()))
    spread = max(max(v) - min(v) for v in dots.values())
    check("rope: q(m).k(n) depends only on m - n; norms preserved",
          spread < 1e-12 and abs(np.linalg.norm(ref.apply_rope(q, cos[7:8], sin[7:8])) - np.linalg.norm(q)) < 1e-12,
          f"spread={spread:.2g}")
    lin = dict(cfg, rope_scaling={"type": "linear", "factor": 4.0})
    c4, s4 = ref.rope_cos_sin(lin, np.array([8]))
    check("rope linear factor 4: position 8 == default position 2", *close(c4, cos[2:3], 1e-7))
    big = dict(cfg, head_dim=128, rope_theta=500000.0,
               rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                             "original_max_position_embeddings": 8192})
    base = ref.rope_inv_freq(dict(big, rope_scaling=None))
    l3 = ref.rope_inv_freq(big)
    wl = 2 * math.pi / base
    check("rope llama3: short wavelengths kept, long ones / factor, medium in between",
          np.array_equal(l3[wl < 2048], base[wl < 2048]) and np.allclose(l3[wl > 8192], base[wl > 8192] / 8)
          and bool(np.all((l3[(wl >= 2048) & (wl <= 8192)] <= base[(wl >= 2048) & (wl <= 8192)])
                          & (l3[(wl >= 2048) & (wl <= 8192)] >= base[(wl >= 2048) & (wl <= 8192)] / 8))))

    # float32 mode
    ref.DTYPE = np.float32
    l32 = logits(ldir, ids)
    ref.DTYPE = np.float64
    check("--float32 compute mode agrees with float64 to ~1e-5", *close(l32, lfull, 1e-4))

    shutil.rmtree(tmp, ignore_errors=True)
    n_fail = RESULTS.count(False)
    print(f"\n{len(RESULTS) - n_fail}/{len(RESULTS)} checks passed")
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
