"""coe_trainer: the PyTorch training backend of Chain-of-Edits repair (GGUF in, GGUF out).

numpy-only modules (no torch import): gguf, quants, tokenizer, bpe_train, config, make_model, data, toy.
torch modules: model, train_utils, sft, grpo, bench. See trainer/README.md.
"""
