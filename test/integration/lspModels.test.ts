/**
 * The language server's model list and selection over stdio (coe/listModels, coe/selectModel), as
 * the "Chain-of-Edits: Select Model..." quick pick uses them: generated GGUFs in a models folder, a
 * LoRA round and an editor SFT round in one rounds folder, a config file in a temp dir. A selection
 * hot-swaps the model (and a round's adapter on top of its base) without a restart, and the next repair
 * uses it; coe/rounds lists both rounds of the store and coe/rollback undoes the last promotion.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import { CHATML_TEMPLATE, makeTestModel } from "../helpers/makeTestModel.js";
import { makeTestAdapter } from "../helpers/makeTestAdapter.js";
import { ROOT, startLspServer, type LspServer } from "../helpers/startLspServer.js";
import { RoundStore } from "../../server/src/core/rounds/index.js";
import * as P from "../../server/src/protocol.js";

const tmp = mkdtempSync(join(tmpdir(), "coe-lsp-models-"));
const modelsDir = join(tmp, "models");
const configPath = join(tmp, "config.json");
const plain = join(modelsDir, "plain.gguf");
const file = join(tmp, "buggy_stats.py");
const uri = pathToFileURL(file).href;
const buggy = readFileSync(join(ROOT, "samples/buggy_stats.py"), "utf8");
let server: LspServer;

before(async () => {
  mkdirSync(modelsDir, { recursive: true });
  copyFileSync(await makeTestModel({ type: "q8_0", std: 0.3 }), plain); // a quantized base for the adapter
  copyFileSync(await makeTestModel({ chatTemplate: CHATML_TEMPLATE, type: "q8_0" }), join(modelsDir, "chat.gguf"));
  copyFileSync(join(ROOT, "samples/buggy_stats.py"), file);
  copyFileSync(join(ROOT, "samples/test_buggy_stats.py"), join(tmp, "test_buggy_stats.py"));
  // A LoRA round on plain.gguf, as `coe train lora` leaves it (adapter.gguf in the round's folder).
  const store = new RoundStore(join(tmp, "rounds"));
  const data = { file: "", bytes: 0, sha256: "", records: 0, heldOut: [], heldOutFraction: 0.2, seed: 0 };
  const round = store.create({ kind: "lora", parent: null, base: plain, artifact: "adapter.gguf", data, settings: {} });
  await makeTestAdapter({ base: plain, out: store.artifactPath(round.record), scale: 1 });
  // An SFT round as the editor's RoundService leaves it (its model in the folder), promoted over plain.
  const sft = store.create({
    kind: "sft",
    parent: null,
    base: plain,
    artifact: "coe-sft-round-t.gguf",
    data,
    settings: {},
  });
  copyFileSync(plain, store.artifactPath(sft.record));
  const score = { suite: "held-back fixes", solved: 1, total: 1, testRuns: 3 };
  const none = { suite: "none", solved: 0, total: 0 };
  store.writeEval(sft.record.id, {
    candidate: { validation: none, heldOut: score },
    baseline: { validation: none, heldOut: { ...score, solved: 0 } },
  });
  store.writeDecision(sft.record.id, { promote: true, reason: "does not lose on any suite" });
  store.promote(sft.record.id, { model: plain, name: "plain" });
  server = await startLspServer({
    // COE_LSP_ENTRY=bundle runs dist/server.cjs (after npm run build): the CJS bundle the extension ships.
    entry: process.env.COE_LSP_ENTRY === "bundle" ? "bundle" : "source",
    init: { settings: { model: "", mode: "model", rollouts: 1 }, storageDir: join(tmp, ".storage") },
    rootUri: pathToFileURL(tmp).href,
    env: { ...process.env, COE_MODELS_DIR: modelsDir, COE_ROUNDS_DIR: join(tmp, "rounds"), COE_CONFIG: configPath },
  });
});
after(() => server?.stop());

const repair = () => server.connection.sendRequest(P.RepairRequest, { uri, text: buggy, mode: "model", rollouts: 1 });

test("coe/listModels: bundled, pulled and round entries with architecture, quantization, context", async () => {
  const r = await server.connection.sendRequest(P.ListModelsRequest);
  assert.equal(r.modelsDir, modelsDir);
  const by = new Map(r.models.map((m) => [m.name, m]));
  assert.deepEqual([...by.keys()].sort(), ["chat", "coe-tiny", "plain", "round-0001", "round-0002"]);
  assert.deepEqual(
    [by.get("round-0002")!.round, by.get("round-0002")!.choice.model],
    [
      { id: "round-0002", kind: "sft", current: true, decision: "promoted: does not lose on any suite" },
      join(tmp, "rounds", "round-0002", "coe-sft-round-t.gguf"),
    ],
  );
  assert.deepEqual(
    [by.get("chat")!.info!.architecture, by.get("chat")!.info!.quantization, by.get("chat")!.info!.contextLength],
    ["llama", "Q8_0", 2048],
  );
  assert.equal(by.get("plain")!.info!.quantization, "Q8_0");
  assert.equal(by.get("chat")!.info!.chatTemplate, true);
  assert.equal(by.get("round-0001")!.info!.adapter, true);
  assert.deepEqual(by.get("round-0001")!.choice.model, plain);
  assert.equal(by.get("coe-tiny")!.inUse, true, "nothing chosen: the bundled model");
});

test("coe/selectModel: an unknown name is one clear error and changes nothing", async () => {
  await assert.rejects(
    server.connection.sendRequest(P.SelectModelRequest, { name: "no-such-model" } satisfies P.SelectModelParams),
    /unknown model 'no-such-model'/,
  );
  await assert.rejects(server.connection.sendRequest(P.SelectModelRequest, { name: "" }), /needs a model name/);
  const info = await server.connection.sendRequest(P.ModelInfoRequest);
  assert.match(info.path, /coe-tiny\.gguf$/);
});

test("select a model, then a LoRA round: hot swaps without a restart, and the next repair uses each", async () => {
  const a = await server.connection.sendRequest(P.SelectModelRequest, { name: "plain" });
  assert.equal(a.path, plain);
  assert.equal(a.loaded, true);
  assert.equal(a.adapters, undefined);
  assert.equal(JSON.parse(readFileSync(configPath, "utf8")).choice.model, plain, "saved for the CLI");
  const withBase = await repair();
  assert.equal(withBase.model, "plain.gguf");

  const b = await server.connection.sendRequest(P.SelectModelRequest, { name: "round-0001" });
  assert.equal(b.path, plain);
  assert.deepEqual(b.adapters, [join(tmp, "rounds", "round-0001", "adapter.gguf")]);
  const list = await server.connection.sendRequest(P.ListModelsRequest);
  assert.deepEqual(
    list.models.filter((m) => m.inUse).map((m) => m.name),
    ["round-0001"],
  );
  const withAdapter = await repair();
  // Greedy decoding of the same prompt: the adapter changes the commands the model issues.
  assert.notDeepEqual(
    withAdapter.trace.steps.map((s) => s.command),
    withBase.trace.steps.map((s) => s.command),
  );

  const none = await server.connection.sendRequest(P.SelectModelRequest, { name: "none" });
  assert.equal(none.loaded, false);
  await assert.rejects(repair(), /model/i, "mode model without a model is refused");
});

test("a chat-template model loads in the chat style (auto), and coe.promptStyle overrides it", async () => {
  const c = await server.connection.sendRequest(P.SelectModelRequest, { name: "chat", persist: false });
  assert.equal(c.style, "chat");
  await server.connection.sendNotification("workspace/didChangeConfiguration", {
    settings: { coe: { promptStyle: "coe" } },
  });
  await repair();
  const info = await server.connection.sendRequest(P.ModelInfoRequest);
  assert.equal(info.style, "coe");
});

test("coe/rounds: the store's LoRA and SFT rounds; coe/rollback loads the model in use before the round", async () => {
  const info = await server.connection.sendRequest(P.RoundsRequest);
  assert.deepEqual(
    info.rounds.map((r) => [r.id, r.kind, r.promoted]),
    [
      ["round-0002", "sft", true],
      ["round-0001", "lora", false],
    ],
  );
  assert.equal(info.current, "round-0002");
  assert.deepEqual(info.rounds[0]!.evals, {
    candidate: [{ suite: "held-back fixes", tasks: 1, solved: 1, testRuns: 3 }],
    current: [{ suite: "held-back fixes", tasks: 1, solved: 0, testRuns: 3 }],
  });
  const back = await server.connection.sendRequest(P.RollbackRequest);
  assert.equal(back.current, "");
  assert.equal((await server.connection.sendRequest(P.ModelInfoRequest)).path, plain);
  assert.equal(JSON.parse(readFileSync(configPath, "utf8")).choice.model, plain, "the CLI's choice follows");
  assert.equal(new RoundStore(join(tmp, "rounds")).current(), undefined);
  await assert.rejects(server.connection.sendRequest(P.RollbackRequest), /nothing to roll back/);
});
