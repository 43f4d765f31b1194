import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeTestModel } from "../helpers/makeTestModel.js";

const ROOT = join(import.meta.dirname, "..", "..");
const COE = join(ROOT, "bin", "coe.js");

function coe(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [COE, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env, NO_COLOR: "1" },
    timeout: 240_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

function workspace(): { dir: string; file: string; tests: string } {
  const dir = mkdtempSync(join(tmpdir(), "coe-cli-"));
  copyFileSync(join(ROOT, "samples", "buggy_stats.py"), join(dir, "buggy_stats.py"));
  copyFileSync(join(ROOT, "samples", "test_buggy_stats.py"), join(dir, "test_buggy_stats.py"));
  return { dir, file: join(dir, "buggy_stats.py"), tests: join(dir, "test_buggy_stats.py") };
}

test("coe repair with a real GGUF runs whole episodes and writes a valid trace", async () => {
  const model = await makeTestModel({ dim: 64, layers: 2 });
  const ws = workspace();
  const before = readFileSync(ws.file, "utf8");
  const out = join(ws.dir, "trace.json");
  const r = coe([
    "repair",
    ws.file,
    "--tests",
    ws.tests,
    "--model",
    model,
    "--mode",
    "model",
    "--rollouts",
    "2",
    "--max-turns",
    "3",
    "--trace-json",
    out,
  ]);
  assert.ok(r.code === 0 || r.code === 1, r.err);
  const trace = JSON.parse(readFileSync(out, "utf8"));
  assert.equal(trace.file, ws.file);
  assert.equal(typeof trace.solved, "boolean");
  assert.match(trace.model, /\.gguf$/);
  assert.equal(trace.rollouts.length, 2);
  assert.ok(trace.steps.length >= 1 && trace.steps.length <= 3);
  for (const s of trace.steps) {
    assert.equal(typeof s.command, "string");
    assert.equal(typeof s.code, "string");
    assert.equal(typeof s.diff, "string");
    assert.ok(Number.isInteger(s.passed) && Number.isInteger(s.total));
  }
  assert.ok(trace.tokens > 0 && trace.ms > 0);
  assert.match(r.out, /step 1 /);
  assert.equal(readFileSync(ws.file, "utf8"), before, "without --apply the file is unchanged");
});

test("coe repair --mode mutate solves the sample, --apply writes the fix, and the dataset records it", () => {
  const ws = workspace();
  const data = join(ws.dir, "data");
  const r = coe(["repair", ws.file, "--tests", ws.tests, "--mode", "mutate", "--apply", "--dataset", data]);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(readFileSync(ws.file, "utf8"), /if v > threshold:/);
  const lines = readFileSync(join(data, "repairs.jsonl"), "utf8").trim().split("\n");
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]!).source, "search");
  const list = coe(["dataset", "list", "--dir", data]);
  assert.equal(list.code, 0);
  assert.match(list.out, /search\s+solved/);
});

test("bad input exits 2 with a one-line reason", () => {
  const ws = workspace();
  const cases: [string[], RegExp][] = [
    [["repair"], /needs a FILE\.py/],
    [["repair", join(ws.dir, "nope.py")], /no such file/],
    [["repair", ws.file, "--tests", ws.tests, "--model", join(ws.dir, "missing.gguf")], /no such model/],
    [["repair", ws.file, "--rollouts", "zero", "--mode", "mutate"], /--rollouts must be a number/],
    [["frobnicate"], /unknown command/],
    [["eval"], /needs --suite/],
  ];
  for (const [args, reason] of cases) {
    const r = coe(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
    assert.match(r.err, reason);
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
  }
  const corrupt = join(ws.dir, "corrupt.gguf");
  writeFileSync(corrupt, "GGUF" + "\0".repeat(20));
  const r = coe(["repair", ws.file, "--tests", ws.tests, "--model", corrupt]);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot load model/);
  const notests = join(ws.dir, "plain.py");
  writeFileSync(notests, "def f():\n    return 1\n");
  const r2 = coe(["repair", notests, "--mode", "mutate"]);
  assert.equal(r2.code, 2);
  assert.match(r2.err, /has no tests/);
});

test("coe eval runs a suite file and writes per-task results", () => {
  const ws = workspace();
  const suite = join(ws.dir, "suite.jsonl");
  writeFileSync(
    suite,
    [
      {
        id: "add",
        code: "def add(a, b):\n    return a - b\n",
        tests: ["assert add(1, 2) == 3", "assert add(0, 5) == 5"],
      },
      { id: "ok", code: "def one():\n    return 1\n", tests: ["assert one() == 1"] },
    ]
      .map((t) => JSON.stringify(t))
      .join("\n") + "\n",
  );
  const out = join(ws.dir, "eval.json");
  const r = coe(["eval", "--suite", suite, "--mode", "mutate", "--budget", "30", "--json", out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /best-of-1 \(verified\) 100\.0%/);
  const json = JSON.parse(readFileSync(out, "utf8"));
  assert.equal(json.results.length, 2);
  assert.match(json.results[0].finalCode, /return a \+ b/);
  assert.ok(json.results[0].testRuns >= 2 && json.results[0].testRuns <= 30);

  // --dataset keeps each solved task's winning trace (source: search) and a training round can use it.
  const data = join(ws.dir, "data");
  const r2 = coe(["eval", "--suite", suite, "--mode", "mutate", "--budget", "30", "--dataset", data]);
  assert.equal(r2.code, 0, r2.err);
  assert.match(r2.out, /2 solved repairs added to/);
  const records = readFileSync(join(data, "repairs.jsonl"), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    records.map((x) => [x.file, x.source, x.outcome.solved]),
    [
      ["add.py", "search", true],
      ["ok.py", "search", true],
    ],
  );
  assert.match(records[0].after, /return a \+ b/);
  assert.deepEqual(records[0].tests, {
    kind: "snippets",
    snippets: ["assert add(1, 2) == 3", "assert add(0, 5) == 5"],
  });
});

test("the benchmark never feeds training: eval --dataset refuses it, train --variants 0 needs a dataset", () => {
  const ws = workspace();
  for (const suite of ["mbpp-repair", "mbpp-val-repair"]) {
    const r = coe(["eval", "--suite", suite, "--mode", "mutate", "--dataset", join(ws.dir, "d")]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /never for training/);
  }
  const t = coe(["train", "sft", "--variants", "0", "--work", join(ws.dir, "w")]);
  assert.equal(t.code, 2, t.err);
  assert.match(t.err, /--variants 0 trains on the dataset alone/);
});
