/**
 * A real, small end-to-end training run (no mocks): a random GGUF cannot repair a task; SFT on that
 * task's Chain-of-Edits demonstration (tokenized by llama.cpp through tokenizeEpisode, trained by
 * the PyTorch trainer, exported to GGUF) makes the exported model solve it through the ordinary loop.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repair } from "../../server/src/core/loop/index.js";
import { testsAsText } from "../../server/src/core/tool/index.js";
import { LlamaPolicy } from "../../server/src/core/model/LlamaPolicy.js";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import { inverseEpisode } from "../../server/src/core/synth/inverseEpisode.js";
import { runTrainer } from "../../server/src/core/train/runTrainer.js";
import { writeTokenized } from "../../server/src/core/train/writeTokenized.js";
import { makeTestModel } from "../helpers/makeTestModel.js";

const ORIGINAL = "def area(w, h):\n    return w * h\n";
const BUGGY = "def area(w, h):\n    return w + h\n";
const tests = { kind: "snippets" as const, snippets: ["assert area(2, 3) == 6", "assert area(4, 5) == 20"] };

test(
  "SFT on a demo makes the exported GGUF solve a task the initial model could not",
  { timeout: 900_000 },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), "coe-e2e-train-"));
    const init = await makeTestModel({ dim: 64, layers: 2, heads: 4, ffn: 128, ctx: 512 });
    const verifier = new PythonVerifier({ concurrency: 1 });
    try {
      const solveWith = async (modelPath: string): Promise<boolean> => {
        const policy = await LlamaPolicy.load({ modelPath, style: "coe" });
        try {
          const r = await repair({ code: BUGGY, tests, policy, verifier, rollouts: 1, maxTurns: 2, temperature: 0 });
          return r.best.solved;
        } finally {
          await policy.dispose();
        }
      };
      assert.equal(await solveWith(init), false, "a random model should not repair it");

      const demo = await inverseEpisode({ corrupted: BUGGY, original: ORIGINAL, tests, verifier });
      assert.equal(demo.commands.length, 2, demo.commands.join(" | "));
      assert.equal(demo.commands.at(-1), "EXIT");
      const header = { tests: testsAsText(tests) };
      const data = join(dir, "sft.jsonl");
      const episodes = Array.from({ length: 4 }, () => ({ header, states: demo.states, commands: demo.commands }));
      const written = await writeTokenized({ modelPath: init, episodes, out: data });
      assert.equal(written.written, 4);

      const out = join(dir, "trained.gguf");
      const progress = await runTrainer({
        module: "sft",
        args: [
          "--data",
          data,
          "--init",
          init,
          "--out",
          out,
          "--steps",
          "120",
          "--batch-tokens",
          "1024",
          "--lr",
          "0.005",
          "--warmup",
          "10",
          "--log-every",
          "20",
        ],
      });
      assert.ok(Number(progress.loss) < 0.5, `loss ${progress.loss}`);
      assert.equal(await solveWith(out), true, "the trained model repairs the task");
    } finally {
      await verifier.dispose();
    }
  },
);
