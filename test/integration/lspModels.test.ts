/**
 * The language server's model list and selection over stdio (coe/listModels, coe/selectModel), as
 * the "Chain-of-Edits: Select Model..." quick pick uses them: generated GGUFs in a models folder, a
 * LoRA round in a rounds folder, a config file in a temp dir. A selection hot-swaps the model (and a
 * round's adapter on top of its base) without a restart, and the next repair uses it.
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
  server = await startLspServer({
    // COE_LSP_ENTRY=bundle runs dist/server.cjs (after npm run build): the CJS bundle the extension ships.
    entry: process.env.COE_LSP_ENTRY === "bundle" ? "bundle" : "source",
    init: { settings: { model: "", mode: "model", rollouts: 1 }, storageDir: join(tmp, ".storage") },
    rootUri: pathToFileURL(tmp).href,
    env: { ...process.env, COE_MODELS_DIR: modelsDir, COE_ROUNDS_DIR: join(tmp, "rounds"), COE_CONFIG: configPath },
  });
});
after(() => server?.stop());

const repair = () =>
  server.connection.sendRequest<P.RepairResult>(P.RepairRequest, { uri, text: buggy, mode: "model", rollouts: 1 });

test("coe/listModels: bundled, pulled and round entries with architecture, quantization, context", async () => {
  const r = await server.connection.sendRequest<P.ListModelsResult>(P.ListModelsRequest);
  assert.equal(r.modelsDir, modelsDir);
  const by = new Map(r.models.map((m) => [m.name, m]));
  assert.deepEqual([...by.keys()].sort(), ["chat", "coe-tiny", "plain", "round-0001"]);
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
  const info = await server.connection.sendRequest<P.ModelInfo>(P.ModelInfoRequest);
  assert.match(info.path, /coe-tiny\.gguf$/);
});

test("select a model, then a LoRA round: hot swaps without a restart, and the next repair uses each", async () => {
  const a = await server.connection.sendRequest<P.ModelInfo>(P.SelectModelRequest, { name: "plain" });
  assert.equal(a.path, plain);
  assert.equal(a.loaded, true);
  assert.equal(a.adapters, undefined);
  assert.equal(JSON.parse(readFileSync(configPath, "utf8")).choice.model, plain, "saved for the CLI");
  const withBase = await repair();
  assert.equal(withBase.model, "plain.gguf");

  const b = await server.connection.sendRequest<P.ModelInfo>(P.SelectModelRequest, { name: "round-0001" });
  assert.equal(b.path, plain);
  assert.deepEqual(b.adapters, [join(tmp, "rounds", "round-0001", "adapter.gguf")]);
  const list = await server.connection.sendRequest<P.ListModelsResult>(P.ListModelsRequest);
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

  const none = await server.connection.sendRequest<P.ModelInfo>(P.SelectModelRequest, { name: "none" });
  assert.equal(none.loaded, false);
  await assert.rejects(repair(), /model/i, "mode model without a model is refused");
});

test("a chat-template model loads in the chat style (auto), and coe.promptStyle overrides it", async () => {
  const c = await server.connection.sendRequest<P.ModelInfo>(P.SelectModelRequest, { name: "chat", persist: false });
  assert.equal(c.style, "chat");
  await server.connection.sendNotification("workspace/didChangeConfiguration", {
    settings: { coe: { promptStyle: "coe" } },
  });
  await repair();
  const info = await server.connection.sendRequest<P.ModelInfo>(P.ModelInfoRequest);
  assert.equal(info.style, "coe");
});
