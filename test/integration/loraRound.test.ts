/**
 * A LoRA round end to end on a generated GGUF (no mocks): the demo of a task, tokenized by llama.cpp,
 * trains an adapter on the frozen base (trainer/coe_trainer/lora_train.py through runTrainer); the
 * runtime then loads the base with the adapter (LlamaPolicy's loraAdapters) and repairs the task the
 * base alone could not; and llama.cpp's next-token probabilities with the adapter applied match the
 * trainer's base+adapter prediction, while the adapter moves them by far more than that.
 * Tolerance: 3e-2 absolute at worst, 2e-3 on average over positions. The base alone matches within 2e-3;
 * this adapter is trained hard (loss ~0.002, logits up to ~19, sharp attention), which amplifies
 * llama.cpp's rounding (measured: 1.4e-2 worst, 9e-4 mean). A missing or misplaced adapter tensor is
 * not hidden by it: dropping any one of the 7 adapted projections moves the worst case to ~1.
 */
import { test } from "node:test";
import type { Token } from "node-llama-cpp";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repair } from "../../server/src/core/loop/index.js";
import { testsAsText } from "../../server/src/core/tool/index.js";
import { LlamaPolicy } from "../../server/src/core/model/LlamaPolicy.js";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import { inverseEpisode } from "../../server/src/core/synth/inverseEpisode.js";
import { resources } from "../../server/src/core/resources.js";
import { runTrainer } from "../../server/src/core/train/runTrainer.js";
import { writeTokenized } from "../../server/src/core/train/writeTokenized.js";
import { makeTestModel } from "../helpers/makeTestModel.js";

const ORIGINAL = "def area(w, h):\n    return w * h\n";
const BUGGY = "def area(w, h):\n    return w + h\n";
const tests = { kind: "snippets" as const, snippets: ["assert area(2, 3) == 6", "assert area(4, 5) == 20"] };

/** The trainer's own next-token probabilities for `ids` (base + adapter, f32), one row per position. */
const PREDICT = `
import json, sys, torch
from coe_trainer.lora_base import load_adapted
base, adapter, ids = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
m, _ = load_adapted(base, adapter)
with torch.no_grad():
    p = torch.softmax(m(torch.tensor([ids]))[0].double(), -1)
print(json.dumps(p.tolist()))
`;

function trainerProbabilities(base: string, adapter: string, ids: number[]): number[][] {
  const r = spawnSync("/usr/bin/python3", ["-c", PREDICT, base, adapter, JSON.stringify(ids)], {
    cwd: resources.trainerDir(),
    env: { ...process.env, PYTHONPATH: resources.trainerDir() },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as number[][];
}

async function llamaProbabilities(
  policy: LlamaPolicy,
  ids: number[],
  vocab: number,
  adapter?: string,
): Promise<number[][]> {
  const context = await policy.model.createContext({
    contextSize: 512,
    threads: 1,
    lora: adapter ? { adapters: [{ filePath: adapter, scale: 1 }] } : undefined,
  });
  try {
    const res = await context
      .getSequence()
      .controlledEvaluate(ids.map((t) => [t as Token, { generateNext: { probabilities: true } }]));
    return res.map((r) => {
      const row = new Array<number>(vocab).fill(0);
      for (const [id, p] of r?.next?.probabilities ?? new Map<number, number>()) row[id] = p;
      return row;
    });
  } finally {
    await context.dispose();
  }
}

const maxAbsDiff = (a: number[][], b: number[][]): number =>
  Math.max(...a.map((row, i) => Math.max(...row.map((v, j) => Math.abs(v - b[i]![j]!)))));

test(
  "a LoRA round on a frozen base repairs what the base could not, as the trainer predicts",
  { timeout: 900_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-lora-round-"));
    // std 0.3: with the output head and norms frozen, a near-uniform base (std 0.02) cannot be fitted by LoRA
    const base = await makeTestModel({ dim: 64, layers: 2, heads: 4, ffn: 128, ctx: 512, std: 0.3 });
    const verifier = new PythonVerifier({ concurrency: 1 });
    try {
      const solveWith = async (adapter?: string): Promise<boolean> => {
        const loraAdapters = adapter ? [{ filePath: adapter }] : undefined;
        const policy = await LlamaPolicy.load({ modelPath: base, style: "coe", loraAdapters });
        try {
          const r = await repair({ code: BUGGY, tests, policy, verifier, rollouts: 1, maxTurns: 2, temperature: 0 });
          return r.best.solved;
        } finally {
          await policy.dispose();
        }
      };
      assert.equal(await solveWith(), false, "the random base should not repair it");

      const demo = await inverseEpisode({ corrupted: BUGGY, original: ORIGINAL, tests, verifier });
      const header = { tests: testsAsText(tests) };
      const data = join(dir, "lora.jsonl");
      const episodes = Array.from({ length: 4 }, () => ({ header, states: demo.states, commands: demo.commands }));
      await writeTokenized({ modelPath: base, episodes, out: data });

      const adapter = join(dir, "adapter.gguf");
      const events: string[] = [];
      const progress = await runTrainer({
        module: "lora_train",
        args: [
          "--base",
          base,
          "--data",
          data,
          "--out",
          adapter,
          "--steps",
          "120",
          "--rank",
          "8",
          "--alpha",
          "16",
        ].concat(["--lr", "0.02", "--batch-tokens", "1024", "--warmup", "10", "--log-every", "20"]),
        onProgress: (p) => events.push(String(p.event)),
      });
      assert.equal(progress.event, "done");
      assert.equal(events[0], "start");
      assert.ok(Number(progress.loss) < 0.5, `loss ${progress.loss}`);
      assert.equal(await solveWith(adapter), true, "base + adapter repairs the task");

      const ids = (JSON.parse(readFileSync(data, "utf8").split("\n")[0]!) as { ids: number[] }).ids.slice(0, 200);
      const policy = await LlamaPolicy.load({ modelPath: base, style: "coe" });
      try {
        const predicted = trainerProbabilities(base, adapter, ids);
        const vocab = predicted[0]!.length;
        const withAdapter = await llamaProbabilities(policy, ids, vocab, adapter);
        const without = await llamaProbabilities(policy, ids, vocab);
        assert.ok(maxAbsDiff(withAdapter, without) > 0.1, "the adapter changes llama.cpp's outputs");
        const diff = maxAbsDiff(withAdapter, predicted);
        assert.ok(diff < 3e-2, `llama.cpp with the adapter vs the trainer: max |dp| ${diff}`);
        const rowMax = withAdapter.map((row, i) => Math.max(...row.map((v, j) => Math.abs(v - predicted[i]![j]!))));
        const mean = rowMax.reduce((a, b) => a + b, 0) / rowMax.length;
        assert.ok(mean < 2e-3, `mean over positions of max |dp| ${mean}`);
      } finally {
        await policy.dispose();
      }
    } finally {
      await verifier.dispose();
    }
  },
);
