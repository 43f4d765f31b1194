/**
 * Policies of one GGUF share its loaded weights (core/model/sharedModel.ts): a policy that differs
 * only in its LoRA adapters (a promoted LoRA round) gets a new context on the same weights, not a
 * second load; the adapter still applies (its scores differ from the base's), the weights outlive
 * the first policy and are disposed with the last, and a new GGUF under the same name is loaded afresh.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, renameSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LlamaPolicy } from "../../server/src/core/model/LlamaPolicy.js";
import type { EpisodeContext } from "../../server/src/core/model/Policy.js";
import { renderState } from "../../server/src/core/tool/renderState.js";
import { makeTestAdapter } from "../helpers/makeTestAdapter.js";
import { makeTestModel } from "../helpers/makeTestModel.js";

const CONTEXT: EpisodeContext = {
  header: { tests: "assert add(1, 2) == 3" },
  states: [
    renderState(["def add(a, b):", "    return a - b"], {
      kind: "ok",
      passed: 0,
      total: 1,
      ms: 1,
      tests: [{ name: "add(1, 2) == 3", status: "fail", got: "-1" }],
    }),
  ],
  commands: [],
};
const COMMANDS = ["REPW 2 >>>- >>>+", "DELL 2", "EXIT"];
const scores = async (p: LlamaPolicy): Promise<number[]> =>
  (await p.scoreCommands(CONTEXT, COMMANDS)).map((s) => s.logprob);

describe("shared model weights", { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "coe-shared-model-"));
  let base = "";
  let adapter = "";
  before(async () => {
    base = await makeTestModel({ dim: 64, layers: 2 });
    adapter = await makeTestAdapter({ base, out: join(dir, "adapter.gguf"), scale: 0.5 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("an adapter policy on a loaded model shares its weights, and the adapter applies", async () => {
    const plain = await LlamaPolicy.load({ modelPath: base, style: "coe" });
    const tuned = await LlamaPolicy.load({ modelPath: base, style: "coe", loraAdapters: [{ filePath: adapter }] });
    try {
      assert.equal(plain.sharedWeights, false);
      assert.equal(tuned.sharedWeights, true);
      assert.equal(tuned.model, plain.model, "one LlamaModel for both");
      const [a, b] = [await scores(plain), await scores(tuned)];
      assert.ok(
        a.some((x, i) => Math.abs(x - b[i]!) > 1e-3),
        `the adapter changes the scores: ${a.join(", ")} vs ${b.join(", ")}`,
      );
      await plain.dispose();
      assert.equal(tuned.model.disposed, false, "the weights outlive the first policy");
      const later = await scores(tuned);
      assert.ok(
        later.every((x, i) => Math.abs(x - b[i]!) < 1e-4),
        `the adapter policy works on after the base policy is gone: ${later.join(", ")} vs ${b.join(", ")}`,
      );
    } finally {
      await plain.dispose();
      await tuned.dispose();
    }
    assert.equal(tuned.model.disposed, true, "the last policy disposes the weights");
    const again = await LlamaPolicy.load({ modelPath: base, style: "coe" });
    assert.equal(again.sharedWeights, false, "a load after the last release reads the file again");
    await again.dispose();
  });

  test("a new GGUF under the same name is not served from the old weights", async () => {
    const file = join(dir, "model.gguf");
    copyFileSync(base, file);
    const first = await LlamaPolicy.load({ modelPath: file, style: "coe" });
    try {
      // A new file under the same name (as a trainer writes it: a temporary file renamed over it).
      copyFileSync(await makeTestModel({ dim: 64, layers: 2, seed: 7 }), file + ".tmp");
      utimesSync(file + ".tmp", new Date(), new Date(Date.now() + 5_000));
      renameSync(file + ".tmp", file);
      const second = await LlamaPolicy.load({ modelPath: file, style: "coe" });
      try {
        assert.equal(second.sharedWeights, false);
        assert.notDeepEqual(await scores(second), await scores(first));
      } finally {
        await second.dispose();
      }
    } finally {
      await first.dispose();
    }
  });
});
