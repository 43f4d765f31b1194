"""Architectures the trainer reads (llama, qwen2): config from metadata, rope modes, biases, tied output,
clear errors. Parity with llama.cpp itself is in test_llama_parity.py."""
import numpy as np
import pytest

torch = pytest.importorskip("torch")

from coe_trainer.config import LlamaConfig, config_from_metadata  # noqa: E402
from coe_trainer.gguf import read_gguf, write_gguf_file  # noqa: E402
from coe_trainer.make_model import make_model, random_weights, tokenizer_metadata, write_llama_gguf  # noqa: E402
from coe_trainer.model import Llama  # noqa: E402

IDS = torch.tensor([[5, 900, 17, 3000, 42, 7, 7, 1200, 64, 9]])


def _logits(m):
    with torch.no_grad():
        return m(IDS)[0]


def test_qwen2_model_reads_biases_tied_output_and_metadata(tmp_path):
    p = str(tmp_path / "q.gguf")
    make_model(p, arch="qwen2", dim=256, layers=2, heads=4, kv_heads=2, ffn=256, type="mixed", tied=True,
               init="scaled")
    g = read_gguf(p, load_tensors=False)
    assert g.metadata["general.architecture"] == "qwen2" and g.metadata["tokenizer.ggml.pre"] == "qwen2"
    assert "output.weight" not in g.tensors and "blk.1.attn_v.bias" in g.tensors
    m, src = Llama.from_gguf(p)
    c = m.cfg
    assert (c.arch, c.rope_base, c.qkv_bias, c.tied, c.kv_heads) == ("qwen2", 1e6, True, True, 2)
    assert c.rms_eps == pytest.approx(1e-6)
    assert c.rope_neox and m.output.weight is m.token_embd.weight
    assert m.blk[0].attn_k.bias.shape == (128,)
    assert src["tensor_types"]["blk.0.ffn_down.weight"] != src["tensor_types"]["blk.0.ffn_gate.weight"]
    # export keeps the architecture, the biases and the tying (no output.weight written)
    out = str(tmp_path / "o.gguf")
    m.to_gguf(out, src)
    m2, _ = Llama.from_gguf(out)
    assert m2.cfg.to_dict() == c.to_dict()
    assert "output.weight" not in read_gguf(out, load_tensors=False).tensors
    assert torch.equal(_logits(m), _logits(m2))


def test_norm_rope_on_convert_permuted_weights_equals_neox_rope():
    """Why the trainer never permutes: llama.cpp's llama arch uses NORM rope on q/k rows that
    convert_hf_to_gguf permuted (LlamaModel.permute), which is HF's rotate-half (= NEOX rope) on the
    original rows. qwen2 is converted unpermuted and run with NEOX rope."""
    cfg = LlamaConfig(vocab_size=4096, dim=64, layers=2, heads=4, kv_heads=2, ffn=128, arch="qwen2", qkv_bias=True)
    neox = Llama(cfg)
    for name, w in random_weights(cfg, seed=3, init="scaled"):
        neox.state_dict()[name].copy_(torch.from_numpy(w))
    norm = Llama(LlamaConfig(**{**cfg.to_dict(), "arch": "llama"}))
    assert not norm.cfg.rope_neox

    def permute(w, n_head):  # convert_hf_to_gguf.py LlamaModel.permute
        return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)
    sd = {}
    for k, v in neox.state_dict().items():
        if ".attn_q." in k or ".attn_k." in k:
            v = permute(v, cfg.heads if ".attn_q." in k else cfg.kv_heads)
        sd[k] = v
    norm.load_state_dict(sd)
    assert torch.allclose(_logits(norm), _logits(neox), atol=1e-5)
    norm.load_state_dict(neox.state_dict())  # unpermuted under the wrong rope: different
    assert (_logits(norm) - _logits(neox)).abs().max() > 0.1


def test_rope_freqs_factors_divide_the_frequencies(tmp_path):
    cfg = LlamaConfig(vocab_size=4096, dim=64, layers=1, heads=4, ffn=128, rope_freqs=True)
    tok, tok_types = tokenizer_metadata()
    w = random_weights(cfg, seed=1, init="scaled")
    p = str(tmp_path / "f.gguf")
    write_llama_gguf(p, cfg, w, tok, tok_types)
    m, _ = Llama.from_gguf(p)
    assert m.cfg.rope_freqs and not m.rope_freqs.weight.requires_grad
    factors = dict(w)["rope_freqs.weight"]
    plain = Llama(LlamaConfig(**{**cfg.to_dict(), "rope_freqs": False}))
    plain.load_state_dict({k: v for k, v in m.state_dict().items() if k != "rope_freqs.weight"})
    plain.inv_freq /= torch.from_numpy(factors)
    assert torch.allclose(_logits(plain), _logits(m), atol=1e-6)


def test_unsupported_architecture_or_tensor_is_one_clear_error(tmp_path):
    p = str(tmp_path / "m.gguf")
    make_model(p, dim=32, layers=1, heads=2, ffn=32)
    g = read_gguf(p, load_tensors="lazy")
    g.metadata["general.architecture"] = "gemma"
    bad = str(tmp_path / "gemma.gguf")
    write_gguf_file(bad, g)
    with pytest.raises(ValueError, match=r"gemma.gguf: unsupported model architecture 'gemma' .*llama, qwen2"):
        Llama.from_gguf(bad)
    with pytest.raises(ValueError, match="unsupported model architecture"):
        config_from_metadata(read_gguf(bad, load_tensors=False).metadata)
    g = read_gguf(p)
    from coe_trainer.gguf import GGUFTensor
    g.tensors["blk.0.attn_output.bias"] = GGUFTensor("blk.0.attn_output.bias", np.zeros(32, np.float32))
    extra = str(tmp_path / "extra.gguf")
    write_gguf_file(extra, g)
    with pytest.raises(ValueError, match=r"does not use \(unsupported feature\): blk.0.attn_output.bias"):
        Llama.from_gguf(extra)
    g = read_gguf(p)
    del g.metadata["llama.block_count"]
    nokey = str(tmp_path / "nokey.gguf")
    write_gguf_file(nokey, g)
    with pytest.raises(ValueError, match="nokey.gguf: metadata key 'llama.block_count' missing"):
        Llama.from_gguf(nokey)


def test_from_gguf_in_bf16_keeps_vectors_in_f32_and_runs_under_autocast(tmp_path):
    p = str(tmp_path / "b.gguf")
    make_model(p, arch="qwen2", dim=256, layers=1, heads=4, kv_heads=2, ffn=256, type="q4_k", init="scaled")
    m32, _ = Llama.from_gguf(p)
    m16, _ = Llama.from_gguf(p, dtype=torch.bfloat16)
    assert m16.blk[0].attn_q.weight.dtype == torch.bfloat16 and m16.blk[0].attn_q.bias.dtype == torch.float32
    assert m16.output_norm.weight.dtype == torch.float32
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16):
        y16 = m16(IDS)[0].float()
    p32, p16 = torch.softmax(_logits(m32), -1), torch.softmax(y16, -1)
    assert (p32 - p16).abs().max() < 0.05
