/**
 * `coe model list|pull|use|rollback` and `coe train lora` rounds through the real CLI: generated
 * GGUFs in a models folder, a config file and a rounds folder in temp dirs (COE_MODELS_DIR,
 * COE_CONFIG, COE_ROUNDS_DIR), the real Python sandbox, llama.cpp with the round's LoRA adapter.
 * The LoRA trainer itself is a stand-in (fakeLoraTrainer writes a random adapter): what is tested
 * is everything around it.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHATML_TEMPLATE, makeTestModel } from "../helpers/makeTestModel.js";
import { fakeLoraTrainer } from "../helpers/makeTestAdapter.js";
import { ROOT } from "../helpers/startLspServer.js";

const tmp = mkdtempSync(join(tmpdir(), "coe-model-cli-"));
const env = {
  COE_MODELS_DIR: join(tmp, "models"),
  COE_ROUNDS_DIR: join(tmp, "rounds"),
  COE_CONFIG: join(tmp, "config.json"),
  NO_COLOR: "1",
};
const plain = join(env.COE_MODELS_DIR, "plain.gguf");
const chat = join(env.COE_MODELS_DIR, "chat-q8.gguf");

function coe(args: string[], extra: NodeJS.ProcessEnv = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "coe.js"), ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env, ...extra },
    timeout: 300_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

before(async () => {
  mkdirSync(env.COE_MODELS_DIR, { recursive: true });
  copyFileSync(await makeTestModel({}), plain);
  copyFileSync(await makeTestModel({ chatTemplate: CHATML_TEMPLATE, type: "q8_0" }), chat);
  writeFileSync(join(env.COE_MODELS_DIR, "broken.gguf"), "not a model");
});

test("coe model list shows each GGUF's architecture, quantization, context and prompt style", () => {
  const r = coe(["model", "list"]);
  assert.equal(r.code, 0, r.err);
  const row = (name: string) => r.out.split("\n").find((l) => l.includes(` ${name} `)) ?? "";
  assert.match(row("plain"), /pulled\s+llama\s+F32\s+2048\s+[\d.]+ MB\s+coe/);
  assert.match(row("chat-q8"), /pulled\s+llama\s+Q8_0\s+2048\s+[\d.]+ kB\s+chat/);
  assert.match(row("broken"), /not a GGUF file/);
  assert.match(row("coe-tiny"), /^\*\s+coe-tiny\s+bundled/, "nothing chosen yet: the bundled model is in use");
  const json = JSON.parse(coe(["model", "list", "--json"]).out) as { models: { name: string }[] };
  assert.deepEqual(json.models.map((m) => m.name).sort(), ["broken", "chat-q8", "coe-tiny", "plain"]);
});

test("coe model pull without a network: exit 2 and one clear line", () => {
  const r = coe(["model", "pull", "hf:Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF:Q4_K_M"], {
    HF_ENDPOINT: "http://127.0.0.1:9/", // nothing listens there: offline on any machine
  });
  assert.equal(r.code, 2);
  assert.equal(r.out, "");
  assert.equal(r.err.trim().split("\n").length, 1, r.err);
  assert.match(r.err, /^coe: cannot pull hf:\S+: offline .*copy a \.gguf into /);
  const bad = coe(["model", "pull", "ftp://x"]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /use hf:USER\/REPO:QUANT/);
});

test("coe model use NAME, then coe repair uses it; unknown names and none are clear", () => {
  const unknown = coe(["model", "use", "nope"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown model 'nope'/);
  assert.equal(coe(["model", "use", "chat-q8"]).code, 0);
  assert.equal(JSON.parse(readFileSync(env.COE_CONFIG, "utf8")).choice.model, chat);
  const dir = mkdtempSync(join(tmpdir(), "coe-use-"));
  copyFileSync(join(ROOT, "samples", "buggy_stats.py"), join(dir, "b.py"));
  copyFileSync(join(ROOT, "samples", "test_buggy_stats.py"), join(dir, "test_buggy_stats.py"));
  const trace = join(dir, "t.json");
  const tests = join(dir, "test_buggy_stats.py");
  const r = coe([
    "repair",
    join(dir, "b.py"),
    "--tests",
    tests,
    "--mode",
    "model",
    "--max-turns",
    "1",
    "--trace-json",
    trace,
  ]);
  assert.ok(r.code === 0 || r.code === 1, r.err);
  assert.equal(JSON.parse(readFileSync(trace, "utf8")).model, "chat-q8.gguf");
  assert.match(coe(["model", "list"]).out, /\*\s+chat-q8 /);
  assert.equal(coe(["model", "use", "none"]).code, 0);
  const none = coe(["repair", join(dir, "b.py"), "--tests", tests, "--mode", "model"]);
  assert.equal(none.code, 2);
  assert.match(none.err, /no model is in use/);
});

test("coe train lora records a round, promotes it when it does not lose, coe model rollback undoes it", () => {
  const data = join(tmp, "dataset");
  const work = mkdtempSync(join(tmpdir(), "coe-fixes-"));
  // Hand fixes that need two line edits: with --max-turns 1 no model solves them (a deterministic tie).
  for (let i = 0; i < 6; i++) {
    mkdirSync(join(work, "old"), { recursive: true });
    const before = join(work, "old", `f${i}.py`);
    const after = join(work, `f${i}.py`);
    writeFileSync(before, `def f():\n    a = ${i}\n    b = ${i}\n    return a + b\n`);
    writeFileSync(after, `def f():\n    a = ${i + 1}\n    b = ${i + 2}\n    return a + b\n`);
    writeFileSync(
      join(work, `test_f${i}.py`),
      `from f${i} import f\n\ndef test_f():\n    assert f() == ${2 * i + 3}\n`,
    );
    const r = coe([
      "dataset",
      "add",
      "--before",
      before,
      "--after",
      after,
      "--tests",
      join(work, `test_f${i}.py`),
      "--dir",
      data,
    ]);
    assert.equal(r.code, 0, r.err);
  }
  const suite = join(tmp, "val.jsonl");
  writeFileSync(
    suite,
    JSON.stringify({ id: "v1", code: "x = 1\ny = 1\n", tests: ["assert x == 2", "assert y == 3"] }) + "\n",
  );
  const datasetBytes = readFileSync(join(data, "repairs.jsonl"));
  const args = ["train", "lora", "--base", plain, "--dataset", data, "--steps", "2", "--rank", "4"];
  const r = coe([...args, "--val-suite", suite, "--val-limit", "1", "--max-turns", "1"], {
    COE_TRAIN_PYTHON: fakeLoraTrainer(tmp),
  });
  assert.equal(r.code, 0, r.err + r.out);
  assert.match(r.out, /round-0001: validation 0\/1 \(baseline 0\)/);
  assert.match(r.out, /promoted round-0001: does not lose/);
  const config = JSON.parse(readFileSync(env.COE_CONFIG, "utf8"));
  assert.equal(config.choice.model, plain);
  assert.match(config.choice.adapters[0].filePath, /round-0001\/adapter\.gguf$/);
  const round = JSON.parse(readFileSync(join(env.COE_ROUNDS_DIR, "round-0001", "round.json"), "utf8"));
  assert.equal(round.data.bytes, datasetBytes.length);
  assert.equal(round.parent, null);
  assert.match(coe(["model", "list"]).out, /\*\s+round-0001\s+round\/lora \(promoted\)/);
  assert.deepEqual(readFileSync(join(data, "repairs.jsonl")), datasetBytes, "the dataset is never rewritten");

  const back = coe(["model", "rollback"]);
  assert.equal(back.code, 0, back.err);
  assert.match(back.out, /rolled back round-0001; now using plain/);
  assert.deepEqual(JSON.parse(readFileSync(env.COE_CONFIG, "utf8")).choice, { model: plain, name: "plain" });
  const again = coe(["model", "rollback"]);
  assert.equal(again.code, 2);
  assert.match(again.err, /no promoted round to roll back/);
  assert.match(coe(["model", "list"]).out, /round-0001\s+round\/lora /, "the rolled-back round stays listed");
  // A round folder a crash left without its round.json hides no other round, and is named.
  mkdirSync(join(env.COE_ROUNDS_DIR, "round-0002"));
  const listed = coe(["model", "list"]);
  assert.equal(listed.code, 0, listed.err);
  assert.match(listed.out, /round-0001\s+round\/lora /);
  assert.match(listed.err, /left out round-0002: round round-0002 has no round\.json \(interrupted/);
});
