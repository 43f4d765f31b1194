"""Data-parallel training with torch.distributed: gloo on CPU, NCCL on GPU (torch).

Launch, either way:
  - here (Debian's torch 1.13 on Python 3.11, whose `torchrun` entry point is broken):
        python -m coe_trainer.lora_train --procs 2 ...   (this module starts the ranks itself)
    or by hand, one process per rank, with MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK, LOCAL_RANK set;
  - with a torch 2.x install (torchrun works there), one machine or several:
        torchrun --nproc-per-node=2 -m coe_trainer.lora_train ...
        torchrun --nnodes=2 --node-rank=R --master-addr=HOST --master-port=29500 --nproc-per-node=G \
            -m coe_trainer.lora_train ...
torchrun sets the same variables, so the trainer cannot tell the launches apart.

Scheme (no DistributedDataParallel wrapper: only the small adapter has gradients, and gradient
checkpointing plus a frozen base is simplest this way): every rank builds the same global batch and
takes its rows rank::world; the loss is normalised by the global batch's weight, so the SUM of the
ranks' gradients (one all-reduce) is exactly the one-process gradient; clipping and AdamW then run on
identical numbers everywhere, and the parameters are broadcast from rank 0 once at the start.
Stopping is collective (any rank's SIGINT/SIGTERM stops all at the same step).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import List, Optional, Sequence

import torch
import torch.distributed as dist


class DataParallel:
    """This process's place in the job; world 1 when not launched distributed (then all calls are no-ops)."""

    def __init__(self, device: str = "cpu"):
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        self.local_rank = int(os.environ.get("LOCAL_RANK", "0"))
        self.device = device
        if self.world > 1 and not dist.is_initialized():
            if not dist.is_available():
                raise ValueError("this torch has no torch.distributed: run one process (drop --procs)")
            backend = "nccl" if device.startswith("cuda") else "gloo"
            if device.startswith("cuda"):
                torch.cuda.set_device(self.local_rank)
                self.device = f"cuda:{self.local_rank}"
            dist.init_process_group(backend, rank=self.rank, world_size=self.world)

    @property
    def main(self) -> bool:
        return self.rank == 0

    def shard(self, n: int) -> slice:
        """The rows of an n-row global batch this rank computes."""
        return slice(self.rank, n, self.world)

    def broadcast(self, params: Sequence[torch.Tensor]) -> None:
        if self.world > 1:
            for p in params:
                dist.broadcast(p.data, 0)

    def sum_grads(self, params: Sequence[torch.nn.Parameter]) -> None:
        """Sums the gradients over ranks (one flat all-reduce; a rank with no rows contributes zeros)."""
        if self.world == 1:
            return
        flat = torch.cat([(p.grad if p.grad is not None else torch.zeros_like(p)).reshape(-1) for p in params])
        dist.all_reduce(flat)
        i = 0
        for p in params:
            n = p.numel()
            p.grad = flat[i:i + n].view_as(p).clone()
            i += n

    def sum(self, value: float) -> float:
        if self.world == 1:
            return value
        t = torch.tensor([value], dtype=torch.float64, device=self.device)
        dist.all_reduce(t)
        return float(t.item())

    def any(self, flag: bool) -> bool:
        return self.sum(1.0 if flag else 0.0) > 0 if self.world > 1 else flag

    def identical(self, params: Sequence[torch.Tensor]) -> bool:
        """True when every rank holds bitwise the same values (element-wise max over ranks == min)."""
        if self.world == 1:
            return True
        flat = torch.cat([p.detach().reshape(-1).float() for p in params])
        hi, lo = flat.clone(), flat.clone()
        dist.all_reduce(hi, op=dist.ReduceOp.MAX)
        dist.all_reduce(lo, op=dist.ReduceOp.MIN)
        return bool(torch.equal(hi, lo))

    def dispose(self) -> None:
        if self.world > 1 and dist.is_initialized():
            dist.destroy_process_group()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def launch_local(module: str, argv: List[str], procs: int, port: Optional[int] = None) -> int:
    """Runs `python -m module argv` as `procs` ranks on this machine (the torchrun-less launch).

    Rank 0 shares this process's stdout (its PROGRESS lines pass through); SIGINT/SIGTERM are forwarded
    to every rank, which stop together. Exit code: the first non-zero rank's code, else 0."""
    env = {**os.environ, "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port or free_port()),
           "WORLD_SIZE": str(procs)}
    children = []
    for r in range(procs):
        e = {**env, "RANK": str(r), "LOCAL_RANK": str(r)}
        out = None if r == 0 else subprocess.DEVNULL
        children.append(subprocess.Popen([sys.executable, "-m", module, *argv], env=e, stdout=out))

    def forward(signum: int, _frame: object) -> None:
        for c in children:
            if c.poll() is None:
                c.send_signal(signum)

    old = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while any(c.poll() is None for c in children):
            if any(c.poll() not in (None, 0, 130) for c in children):  # a failed rank: the others would hang
                for c in children:
                    if c.poll() is None:
                        c.kill()
            time.sleep(0.1)
        codes = [c.returncode for c in children]
    finally:
        for s, h in old.items():
            signal.signal(s, h)
    return next((c for c in codes if c != 0), 0)
