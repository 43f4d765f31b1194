"""Pieces shared by sft.py and grpo.py: common arguments, schedule, optimizer, checkpoints, progress, stop
signals and the exit code.

Progress protocol (for the TypeScript side, which runs the trainer as a child process):
  stdout: one line per event, "PROGRESS " + JSON, e.g.
    PROGRESS {"event": "step", "step": 10, "steps": 100, "loss": 3.2, "lr": 0.001, "tokens_per_s": 2500.0,
              "eta_s": 80.1, "elapsed_s": 9.0, "tokens": 40960}
    events: "start", "step", "checkpoint" (path), "done" (out path), "stopped" (after SIGTERM/SIGINT)
  stderr: the same, human-readable.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import time
from typing import Any, Callable, Dict, Optional

import torch


def setup_torch(threads: int, seed: int) -> None:
    torch.set_num_threads(max(1, threads))
    torch.manual_seed(seed)
    if "libtcmalloc" not in os.environ.get("LD_PRELOAD", ""):
        print("hint: set LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 (much faster on CPU)",
              file=sys.stderr)


def add_run_args(ap: argparse.ArgumentParser) -> None:
    """The arguments every trainer that writes a GGUF takes: --threads, --seed, --out-type."""
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out-type", default="f32", choices=["f32", "f16"])


def run_main(run: Callable[[], Dict[str, Any]]) -> int:
    """Runs a training run for a command line: exit code 0 when done, 130 when stopped by a signal, 2 on bad
    input (ValueError, FileNotFoundError; the message goes to stderr)."""
    try:
        res = run()
    except (ValueError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 130 if res["stopped"] else 0


def padding_id(source: Dict[str, Any]) -> int:
    """The padding token of a GGUF read by Llama.from_gguf (0 when it names none)."""
    return int(source["metadata"].get("tokenizer.ggml.padding_token_id", 0))


def cosine_lr(step: int, steps: int, lr: float, warmup: int, min_ratio: float = 0.1) -> float:
    """Linear warmup over `warmup` steps, then cosine from lr down to lr*min_ratio at `steps`."""
    if warmup > 0 and step < warmup:
        return lr * (step + 1) / warmup
    t = min(1.0, (step - warmup) / max(1, steps - warmup))
    return lr * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * t)))


def make_adamw(model: torch.nn.Module, lr: float, weight_decay: float) -> torch.optim.AdamW:
    """AdamW; weight decay on matrices only (not on norm weights)."""
    decay = [p for p in model.parameters() if p.requires_grad and p.dim() >= 2]
    other = [p for p in model.parameters() if p.requires_grad and p.dim() < 2]
    return torch.optim.AdamW([{"params": decay, "weight_decay": weight_decay},
                              {"params": other, "weight_decay": 0.0}], lr=lr, betas=(0.9, 0.95), eps=1e-8)


def optimizer_step(model: torch.nn.Module, opt: torch.optim.Optimizer, loss: torch.Tensor, clip: float) -> None:
    """One update from `loss`: backward, gradient-norm clipping to `clip` (none when 0), optimizer step."""
    opt.zero_grad(set_to_none=True)
    loss.backward()
    if clip > 0:
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
    opt.step()


def save_checkpoint(path: str, state: Dict[str, Any]) -> None:
    """Atomic: write a temp file in the same directory, fsync, rename over the old checkpoint."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        torch.save(state, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_checkpoint(path: str) -> Optional[Dict[str, Any]]:
    if not os.path.exists(path):
        return None
    # Our own file, written by save_checkpoint: full unpickling is fine. torch >= 2.6 defaults to
    # weights_only=True, which rejects the optimizer/RNG state of some versions, so say it explicitly.
    try:
        return torch.load(path, map_location="cpu", weights_only=False)
    except TypeError:  # torch without the weights_only argument
        return torch.load(path, map_location="cpu")


def rng_state() -> Dict[str, Any]:
    return {"torch": torch.get_rng_state()}


def set_rng_state(s: Dict[str, Any]) -> None:
    torch.set_rng_state(s["torch"])


class Progress:
    """Emits PROGRESS lines (stdout) and readable lines (stderr); measures tokens/s and ETA."""

    def __init__(self, steps: int, start_step: int = 0, kind: str = "sft"):
        self.steps, self.kind = steps, kind
        self.t0 = time.time()
        self.cpu0 = time.process_time()
        self.start_step = start_step
        self.tokens = 0

    def emit(self, event: str, **fields: Any) -> None:
        rec = {"event": event, "kind": self.kind, **fields}
        sys.stdout.write("PROGRESS " + json.dumps(rec) + "\n")
        sys.stdout.flush()
        if event == "step":
            eta = fields.get("eta_s")
            eta_txt = time.strftime("%H:%M:%S", time.gmtime(eta)) if eta is not None else "?"
            print(f"[{self.kind}] step {fields['step']}/{self.steps} loss {fields['loss']:.4f} "
                  f"lr {fields['lr']:.2e} {fields['tokens_per_s']:.0f} tok/s ETA {eta_txt}", file=sys.stderr)
        else:
            extra = " ".join(f"{k}={v}" for k, v in fields.items())
            print(f"[{self.kind}] {event} {extra}", file=sys.stderr)

    def tokens_per_s(self) -> float:
        el = time.time() - self.t0
        return self.tokens / el if el > 0 else 0.0

    def step(self, step: int, loss: float, lr: float, tokens: int, **extra: Any) -> None:
        """step: steps done so far (1-based); tokens: tokens processed since the last call."""
        self.tokens += tokens
        el = time.time() - self.t0
        done = step - self.start_step
        tps = self.tokens / el if el > 0 else 0.0
        eta = el / done * (self.steps - step) if done > 0 else None
        self.emit("step", step=step, steps=self.steps, loss=round(loss, 6), lr=lr, tokens_per_s=round(tps, 1),
                  eta_s=None if eta is None else round(eta, 1), elapsed_s=round(el, 2), tokens=self.tokens, **extra)


class StopFlag:
    """SIGTERM/SIGINT set a flag; the training loop checkpoints and exits at the next step boundary."""

    def __init__(self) -> None:
        self.stop = False
        self._old = {}
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                self._old[sig] = signal.signal(sig, self._handle)
            except ValueError:  # not the main thread (e.g. in-process use): no signal handling
                pass

    def _handle(self, signum: int, frame: Any) -> None:
        self.stop = True

    def dispose(self) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)
        self._old.clear()
