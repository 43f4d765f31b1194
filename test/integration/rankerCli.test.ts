/**
 * `coe ranker collect | fit | report` and `--ranker` end to end: real Python verifies every candidate,
 * a real GGUF (generated) scores them, the fitted ranker file drives `coe eval --mode ranked`. Held-out
 * suites never train a ranker; bad ranker files are clear errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { makeTestModel } from "../helpers/makeTestModel.js";

const ROOT = join(import.meta.dirname, "..", "..");
const COE = join(ROOT, "bin", "coe.js");

function coe(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [COE, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 300_000,
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const TASKS = [
  {
    id: "max",
    code: "def biggest(xs):\n    best = xs[0]\n    for x in xs:\n        if x < best:\n            best = x\n    return best\n",
    tests: [
      "assert biggest([1, 3, 2]) == 3",
      "assert biggest([5]) == 5",
      "assert biggest([2, 9]) == 9",
      "assert biggest([-1, -4]) == -1",
    ],
  },
  {
    id: "total",
    code: "def total(xs):\n    s = 1\n    for x in xs:\n        s += x\n    return s\n",
    tests: [
      "assert total([1, 2]) == 3",
      "assert total([]) == 0",
      "assert total([4]) == 4",
      "assert total([1, 1, 1]) == 3",
    ],
  },
  {
    id: "count",
    code: "def count_even(xs):\n    n = 0\n    for x in xs:\n        if x % 2 == 1:\n            n += 1\n    return n\n",
    tests: [
      "assert count_even([1, 2, 4]) == 2",
      "assert count_even([]) == 0",
      "assert count_even([3]) == 0",
      "assert count_even([6, 8]) == 2",
    ],
  },
];

test("coe ranker: collect verified candidates with a model, fit, report, and rank a search with the file", async () => {
  const model = await makeTestModel({ dim: 64, layers: 2 });
  const dir = mkdtempSync(join(tmpdir(), "coe-ranker-"));
  const suite = join(dir, "mine.jsonl");
  writeFileSync(suite, TASKS.map((t) => JSON.stringify(t)).join("\n") + "\n");
  const groups = join(dir, "groups.jsonl");

  let r = coe(["ranker", "collect", "--suite", suite, "--model", model, "--out", groups]);
  assert.equal(r.code, 0, r.err);
  const lines = readFileSync(groups, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  for (const g of lines) {
    assert.equal(g.model, basename(model), "the scoring model is named");
    assert.ok(g.candidates.length > 5);
    for (const c of g.candidates) {
      assert.equal(typeof c.x.logMass, "number");
      assert.ok(Number.isFinite(c.lm) && c.lm < 0, "the model's raw log-likelihood");
    }
    const fixes = g.candidates.filter((c: { passed: number }) => c.passed === g.total);
    assert.ok(fixes.length >= 1, `${g.id}: a one-edit fix is among the candidates`);
    assert.ok(
      fixes.every((c: { hidden?: boolean }) => typeof c.hidden === "boolean"),
      "fixes are checked on hidden tests",
    );
  }
  // Resumes: tasks already collected are not collected again.
  r = coe(["ranker", "collect", "--suite", suite, "--model", "none", "--out", groups]);
  assert.equal(r.code, 0, r.err);
  assert.equal(readFileSync(groups, "utf8").trim().split("\n").length, 3);

  const ranker = join(dir, "ranker.json");
  r = coe(["ranker", "fit", "--data", groups, "--out", ranker, "--lm", "--steps", "60"]);
  assert.equal(r.code, 0, r.err);
  const file = JSON.parse(readFileSync(ranker, "utf8"));
  assert.equal(file.format, "coe-ranker/1");
  assert.equal(file.lm.model, basename(model));
  assert.ok(file.lm.weight >= 0);
  assert.ok(file.features.includes("logMass"));
  assert.match(r.out, /\| fitted \| 3 \|/, "the fit reports itself on its data");

  // A weighted file and cross-validation: the fit counts it twice, reports it once, and cross-validates.
  r = coe(["ranker", "fit", "--data", `${groups}*2`, "--out", join(dir, "cv.json"), "--steps", "30", "--cv", "3"]);
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(readFileSync(join(dir, "cv.json"), "utf8")).trainedOn.groups, 6, "weighed twice in the fit");
  assert.match(r.out, /on its own data \(each group once\):[\s\S]*\| fitted \| 3 \|/);
  assert.match(r.out, /groups\.jsonl, cross-validated:[\s\S]*\| fitted, out of fold \(3 folds\) \| 3 \|/);
  r = coe(["ranker", "fit", "--data", groups, "--out", join(dir, "cv1.json"), "--cv", "1"]);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /--cv needs at least 2 folds/);
  assert.ok(!existsSync(join(dir, "cv1.json")), "refused before fitting");
  r = coe(["ranker", "fit", "--data", `${groups}*0`, "--out", join(dir, "cv.json")]);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /the weight after \* must be 1 to 100/);

  r = coe(["ranker", "report", "--data", groups, ranker]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /mutate \(prior mass\)/);
  assert.match(r.out, /hand-set ranked, model/);
  assert.ok(r.out.includes(`| ${ranker} | 3 |`), r.out);

  const json = join(dir, "eval.json");
  r = coe([
    "eval",
    "--suite",
    suite,
    "--mode",
    "ranked",
    "--model",
    model,
    "--ranker",
    ranker,
    "--budget",
    "40",
    "--json",
    json,
  ]);
  assert.equal(r.code, 0, r.err);
  const results = JSON.parse(readFileSync(json, "utf8")).results as Array<{ solved: boolean; testRuns: number }>;
  assert.equal(results.filter((x) => x.solved).length, 3, "the learned ranker's search solves every task");
  assert.ok(
    results.every((x) => x.testRuns <= 40),
    "within the budget",
  );
});

test("coe ranker: a held-out suite never trains a ranker; bad ranker files are clear errors", async () => {
  const dir = mkdtempSync(join(tmpdir(), "coe-ranker-held-"));
  const suite = join(dir, "held.jsonl");
  writeFileSync(suite, JSON.stringify({ ...TASKS[1], split: "report" }) + "\n");
  const groups = join(dir, "groups.jsonl");
  let r = coe(["ranker", "collect", "--suite", suite, "--model", "none", "--out", groups]);
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(readFileSync(groups, "utf8")).heldOut, true);
  r = coe(["ranker", "fit", "--data", groups, "--out", join(dir, "r.json")]);
  assert.equal(r.code, 2);
  assert.match(r.err, /no trainable groups/);
  r = coe(["ranker", "report", "--data", groups]);
  assert.equal(r.code, 0, "held-out groups may be measured");

  const bad = join(dir, "bad.json");
  writeFileSync(bad, "{ not json");
  r = coe(["eval", "--suite", suite, "--mode", "ranked", "--model", "none", "--ranker", bad, "--budget", "5"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read ranker .*bad\.json/);
  r = coe(["ranker", "fit", "--data", join(dir, "missing.jsonl"), "--out", join(dir, "r.json")]);
  assert.equal(r.code, 2);
  assert.match(r.err, /no such data file/);
});

test("coe ranker collect --dataset: the user's own fixes become ranker data, with their own tests", async () => {
  const dir = mkdtempSync(join(tmpdir(), "coe-ranker-mine-"));
  mkdirSync(join(dir, "old"));
  mkdirSync(join(dir, "new"));
  const before = join(dir, "old", "stats.py");
  const after = join(dir, "new", "stats.py");
  const tests = join(dir, "test_stats.py");
  writeFileSync(before, "def above(xs, t):\n    return [x for x in xs if x >= t]\n");
  writeFileSync(after, "def above(xs, t):\n    return [x for x in xs if x > t]\n");
  writeFileSync(
    tests,
    "from stats import above\n\ndef test_strict():\n    assert above([1, 2, 3], 2) == [3]\n\ndef test_empty():\n    assert above([], 0) == []\n",
  );
  const data = join(dir, "dataset");
  let r = coe(["dataset", "add", "--before", before, "--after", after, "--tests", tests, "--dir", data]);
  assert.equal(r.code, 0, r.err);
  const groups = join(dir, "mine.jsonl");
  r = coe(["ranker", "collect", "--dataset", data, "--model", "none", "--out", groups]);
  assert.equal(r.code, 0, r.err);
  const g = JSON.parse(readFileSync(groups, "utf8").trim());
  assert.equal(g.total, 2, "the record's pytest tests, counted");
  assert.ok(
    g.candidates.some(
      (c: { command: string; passed: number }) =>
        c.command === "REPL 2 >>>    return [x for x in xs if x > t]" && c.passed === 2,
    ),
    "the user's fix is among the verified candidates",
  );
  assert.equal(g.heldOut, undefined, "the user's own repairs may train");
  r = coe(["ranker", "collect", "--dataset", join(dir, "empty"), "--out", groups]);
  assert.equal(r.code, 2);
});

test("coe ranker inject --amplify: train programs get more tests from their reference; bugs now pass some", async () => {
  const dir = mkdtempSync(join(tmpdir(), "coe-amplify-"));
  const plain = join(dir, "plain.jsonl");
  const amplified = join(dir, "amplified.jsonl");
  let r = coe(["ranker", "inject", "--out", plain, "--limit", "4", "--seed", "3"]);
  assert.equal(r.code, 0, r.err);
  r = coe(["ranker", "inject", "--out", amplified, "--limit", "4", "--seed", "3", "--amplify", "4"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /tests added to 12/);
  const read = (p: string): Array<{ id: string; code: string; tests: string[] }> =>
    readFileSync(p, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
  const a = read(plain);
  const b = read(amplified);
  assert.deepEqual(
    b.map((t) => [t.id, t.code]),
    a.map((t) => [t.id, t.code]),
    "the same bugs: amplification only adds tests",
  );
  for (const [i, t] of b.entries()) {
    assert.deepEqual(t.tests.slice(0, a[i]!.tests.length), a[i]!.tests, "the task's own tests stay first");
  }
  assert.ok(b.reduce((n, t) => n + t.tests.length, 0) > a.reduce((n, t) => n + t.tests.length, 0) + 4);
  // The collected states now pass some visible tests and fail others, as real bugs do.
  const groups = join(dir, "groups.jsonl");
  r = coe(["ranker", "collect", "--suite", amplified, "--model", "none", "--hidden", "0.5", "--out", groups]);
  assert.equal(r.code, 0, r.err);
  const collected = readFileSync(groups, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { id: string; total: number; rootPassed: number });
  // Tasks that got tests keep at least two visible ones at --hidden 0.5 (a program the amplifier found
  // no inputs for keeps MBPP's three, one of them visible).
  const grown = new Set(b.filter((t, i) => t.tests.length > a[i]!.tests.length).map((t) => t.id));
  const ofGrown = collected.filter((g) => grown.has(g.id));
  assert.ok(ofGrown.length > 0, JSON.stringify(collected));
  assert.ok(
    ofGrown.every((g) => g.total >= 2),
    JSON.stringify(ofGrown),
  );
  assert.ok(
    collected.some((g) => g.rootPassed > 0 && g.rootPassed < g.total),
    JSON.stringify(collected),
  );
});

test("coe ranker ngram: a code n-gram from a corpus; collect and fit carry its name; the search needs it", async () => {
  const dir = mkdtempSync(join(tmpdir(), "coe-ngram-cli-"));
  const corpus = join(dir, "corpus");
  mkdirSync(join(corpus, "tests"), { recursive: true });
  for (const [i, t] of TASKS.entries())
    writeFileSync(join(corpus, `m${i}.py`), t.code.replace("x < best", "x > best").replace("s = 1", "s = 0"));
  writeFileSync(join(corpus, "tests", "test_skip.py"), "def test_x():\n    assert weird_name_in_tests == 1\n");
  const ngram = join(dir, "corpus-ngram.json");
  let r = coe(["ranker", "ngram", "--corpus", corpus, "--out", ngram, "--order", "3", "--min-count", "1"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /counting 3 Python files/, "test folders are left out of the corpus");
  const file = JSON.parse(readFileSync(ngram, "utf8"));
  assert.equal(file.format, "coe-ngram/1");
  assert.equal(file.order, 3);

  const suite = join(dir, "mine.jsonl");
  writeFileSync(suite, TASKS.map((t) => JSON.stringify(t)).join("\n") + "\n");
  const groups = join(dir, "groups.jsonl");
  r = coe(["ranker", "collect", "--suite", suite, "--model", "none", "--ngram", ngram, "--out", groups]);
  assert.equal(r.code, 0, r.err);
  for (const line of readFileSync(groups, "utf8").trim().split("\n")) {
    const g = JSON.parse(line);
    assert.equal(g.ngram, "corpus-ngram.json");
    assert.ok(g.candidates.every((c: { x: Record<string, number> }) => typeof c.x.nat === "number"));
    assert.ok(g.candidates.some((c: { x: Record<string, number> }) => c.x.nat !== 0));
  }
  const ranker = join(dir, "ranker.json");
  r = coe(["ranker", "fit", "--data", groups, "--out", ranker, "--steps", "40"]);
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(readFileSync(ranker, "utf8")).ngram, "corpus-ngram.json");
  const evalArgs = [
    "eval",
    "--suite",
    suite,
    "--mode",
    "ranked",
    "--model",
    "none",
    "--ranker",
    ranker,
    "--budget",
    "40",
  ];
  r = coe(evalArgs);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /pass@1 100\.0%/, r.out);

  // Without its n-gram the ranker is a clear error, never a silent change of its features.
  writeFileSync(ngram, "{ torn");
  r = coe(evalArgs);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read code n-gram .*corpus-ngram\.json/);
  r = coe(["ranker", "collect", "--suite", suite, "--ngram", ngram, "--out", join(dir, "g2.jsonl")]);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read code n-gram/);
  r = coe(["ranker", "ngram", "--corpus", join(dir, "nowhere"), "--out", ngram]);
  assert.equal(r.code, 2);
  assert.match(r.err, /no such corpus folder/);
});

test("coe ranker collect --samples: the model's samples join the candidates, and the fit is for that model", async () => {
  const model = await makeTestModel({ dim: 64, layers: 2 });
  const dir = mkdtempSync(join(tmpdir(), "coe-ranker-samples-"));
  const suite = join(dir, "mine.jsonl");
  writeFileSync(suite, TASKS.map((t) => JSON.stringify(t)).join("\n") + "\n");
  const groups = join(dir, "groups.jsonl");
  let r = coe(["ranker", "collect", "--suite", suite, "--model", "none", "--samples", "4", "--out", groups]);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /--samples needs a model/);
  assert.ok(!existsSync(groups), "nothing collected");

  r = coe(["ranker", "collect", "--suite", suite, "--model", model, "--samples", "6", "--out", groups]);
  assert.equal(r.code, 0, r.err);
  const lines = readFileSync(groups, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { samples?: string; candidates: Array<{ x: Record<string, number>; kind: string }> });
  assert.ok(
    lines.every((g) => g.samples === basename(model)),
    "each group names the model of its samples",
  );
  const samples = lines.flatMap((g) => g.candidates.filter((c) => c.x.sample === 1));
  assert.ok(samples.length >= 1, "some of the model's samples are candidates");
  for (const c of samples) {
    assert.ok(c.x.sampleLp! <= 0 && c.x.sampleLp! >= -3, "with the model's confidence");
    assert.equal(c.x.logPrior, undefined, "and no operator prior");
    assert.ok(["ok", "syntax", "crash", "timeout"].includes(c.kind), "verified like the others");
  }
  const ranker = join(dir, "ranker.json");
  r = coe(["ranker", "fit", "--data", groups, "--out", ranker, "--steps", "30"]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(readFileSync(ranker, "utf8")).samples, { model: basename(model) });

  // Without any fix among the sampled groups the gate has nothing to decide: said in one line, no empty table.
  const unfixed = join(dir, "unfixed.jsonl");
  const withoutFixes = lines.map((g) => ({
    ...g,
    candidates: g.candidates.filter(
      (c) => !(c.kind === "ok" && (c as { passed?: number }).passed === (g as { total?: number }).total),
    ),
  }));
  writeFileSync(unfixed, withoutFixes.map((g) => JSON.stringify(g)).join("\n") + "\n");
  r = coe(["ranker", "fit", "--data", unfixed, "--out", join(dir, "unfixed.json"), "--steps", "10"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /no group with .+'s samples has a fix: the search draws them at every state/);
  assert.doesNotMatch(r.out, /\| state fails with \|/);
});
