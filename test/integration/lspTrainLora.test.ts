/**
 * "Chain-of-Edits: Train on My Fixes" on a pretrained model, over stdio: a generated llama GGUF with a
 * ChatML chat template (what a pulled instruct model looks like) is selected, one accepted fix is
 * recorded, and coe/train (kind auto) runs a LoRA round on the frozen base (the real lora_train
 * trainer, a few steps) instead of a full SFT: a round folder with its adapter, trainer progress as
 * coe/trainProgress, and the next repair runs with the adapter (promoted) or the round says why not.
 * No MBPP (COE_MBPP names a missing file): the round is scored on the fixes themselves.
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { CHATML_TEMPLATE, makeTestModel } from "../helpers/makeTestModel.js";
import { ROOT, startLspServer, type LspServer } from "../helpers/startLspServer.js";
import * as P from "../../server/src/protocol.js";

const tmp = mkdtempSync(join(tmpdir(), "coe-lsp-train-lora-"));
const modelsDir = join(tmp, "models");
const roundsDir = join(tmp, "rounds");
const file = join(tmp, "buggy_stats.py");
const uri = pathToFileURL(file).href;
const buggy = readFileSync(join(ROOT, "samples/buggy_stats.py"), "utf8");
let server: LspServer;

before(async () => {
  mkdirSync(modelsDir, { recursive: true });
  const chat = await makeTestModel({ dim: 64, layers: 2, heads: 4, ffn: 128, std: 0.3, chatTemplate: CHATML_TEMPLATE });
  copyFileSync(chat, join(modelsDir, "chat.gguf"));
  copyFileSync(join(ROOT, "samples/buggy_stats.py"), file);
  copyFileSync(join(ROOT, "samples/test_buggy_stats.py"), join(tmp, "test_buggy_stats.py"));
  server = await startLspServer({
    // COE_LSP_ENTRY=bundle runs dist/server.cjs (after npm run build): the CJS bundle the extension ships.
    entry: process.env.COE_LSP_ENTRY === "bundle" ? "bundle" : "source",
    init: { settings: { model: "none", mode: "mutate", rollouts: 1 }, storageDir: join(tmp, ".storage") },
    rootUri: pathToFileURL(tmp).href,
    env: {
      ...process.env,
      COE_MODELS_DIR: modelsDir,
      COE_ROUNDS_DIR: roundsDir,
      COE_CONFIG: join(tmp, "config.json"),
      COE_MBPP: join(tmp, "no-mbpp.jsonl"),
      COE_ROUND_EVAL_BUDGET: "10",
    },
  });
});
after(() => server?.stop());

test("kind lora with no model selected is one clear error", async () => {
  await assert.rejects(
    server.connection.sendRequest(P.TrainRequest, { kind: "lora", steps: 2 } satisfies P.TrainParams),
    /no model is selected/,
  );
  await assert.rejects(
    server.connection.sendRequest(P.TrainRequest, { kind: "dpo" as "lora" }),
    /unknown training kind dpo/,
  );
});

test(
  "Train on My Fixes on a chat-template model runs a LoRA round and hot-swaps it when promoted",
  { timeout: 240_000 },
  async () => {
    const selected = await server.connection.sendRequest(P.SelectModelRequest, { name: "chat" });
    assert.equal(selected.style, "chat");
    const fixed = await server.connection.sendRequest(P.RepairRequest, { uri, text: buggy, mode: "mutate" });
    assert.equal(fixed.trace.solved, true);
    const accepted = await server.connection.sendRequest(P.AcceptRequest, { repairId: fixed.repairId });
    assert.equal(accepted.recorded, true, accepted.reason);

    const t0 = performance.now();
    const r = await server.connection.sendRequest(P.TrainRequest, { steps: 3, token: "lora1" } satisfies P.TrainParams);
    console.log(`LoRA round ${r.round} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${r.reason}`);
    assert.equal(r.kind, "lora");
    assert.match(r.round ?? "", /^round-\d+$/);
    assert.equal(r.out, join(roundsDir, r.round!, "adapter.gguf"));
    assert.ok(existsSync(r.out), "the round's adapter is on disk");
    const events = server.received
      .filter((n) => n.method === P.TrainProgressNotification.method)
      .map((n) => n.params as P.TrainProgressParams)
      .filter((p) => p.token === "lora1");
    assert.ok(
      events.some((p) => p.event.type === "trainer" && p.event.progress.step !== undefined),
      "trainer steps arrive as coe/trainProgress",
    );

    await server.connection.sendRequest(P.RepairRequest, { uri, text: buggy, mode: "hybrid" });
    const info = await server.connection.sendRequest(P.ModelInfoRequest);
    assert.equal(info.path, join(modelsDir, "chat.gguf"), "the frozen base stays the model");
    if (r.promoted) {
      assert.equal(r.reloaded, true);
      assert.deepEqual(info.adapters, [r.out], "the next repair runs with the promoted adapter");
    } else {
      assert.match(r.reason ?? "", /loses|no validation/);
      assert.equal(info.adapters, undefined, "a refused round is not used");
    }
    const round = JSON.parse(readFileSync(join(roundsDir, r.round!, "round.json"), "utf8")) as { kind: string };
    assert.equal(round.kind, "lora");
  },
);

test("cancelling a LoRA round stops its trainer and leaves the model in use alone", { timeout: 120_000 }, async () => {
  const before = await server.connection.sendRequest(P.ModelInfoRequest);
  const pending = server.connection.sendRequest(P.TrainRequest, { kind: "lora", steps: 100_000, token: "lora2" });
  await server.waitFor<P.TrainProgressParams>(
    P.TrainProgressNotification,
    (p) => p.token === "lora2" && p.event.type === "trainer",
    60_000,
  );
  await server.connection.sendNotification(P.CancelNotification, { token: "lora2" });
  await assert.rejects(pending, /cancelled/);
  const after = await server.connection.sendRequest(P.ModelInfoRequest);
  assert.deepEqual([after.path, after.adapters, after.state], [before.path, before.adapters, "idle"]);
  const list = await server.connection.sendRequest(P.ListModelsRequest);
  assert.ok(list.models.length > 0);
});
