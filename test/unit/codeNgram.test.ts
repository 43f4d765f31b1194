/**
 * The code n-gram of the ranker's naturalness features: the token stream it reads (pyTokens), its
 * counts (trainCodeNgram), its scores, the feature rankFeatures derives from it, and how a ranker
 * carries the name of its n-gram (fitted with it, loaded with it, refused without it).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pyTokens } from "../../server/src/core/rank/pyTokens.js";
import { CodeNgram, CodeNgramError } from "../../server/src/core/rank/CodeNgram.js";
import { trainCodeNgram } from "../../server/src/core/rank/trainCodeNgram.js";
import { naturalness, rankFeatures } from "../../server/src/core/rank/rankFeatures.js";
import { LearnedRanker, RankerFileError } from "../../server/src/core/rank/LearnedRanker.js";
import { fitRanker } from "../../server/src/core/rank/fitRanker.js";
import type { RankGroup } from "../../server/src/core/rank/RankGroup.js";
import type { MixedProposal } from "../../server/src/core/search/mixProposals.js";
import { applyCommand, joinLines, splitLines } from "../../server/src/core/dsl/index.js";
import type { Command, Verdict } from "../../server/src/core/types.js";

test("pyTokens: layout is explicit, literals folded, names numbered by first use per definition", () => {
  const code =
    "def f(xs):\n    # sum\n    s = 0\n    for i in range(len(xs)):\n        s += xs[i] * 12\n    return s, 'ok'\n";
  assert.deepEqual(
    pyTokens(code).join(" "),
    "def <v0> ( <v1> ) : <nl> <in> <v2> = 0 <nl> for <v3> in range ( len ( <v1> ) ) : <nl> " +
      "<in> <v2> += <v1> [ <v3> ] * <num> <nl> <de> return <v2> , <str> <nl>",
  );
  // A kept name stays itself; a new top-level definition restarts the numbering.
  assert.deepEqual(
    pyTokens("def g(n):\n    return n\ndef h(m):\n    return m\n", { keep: new Set(["n"]) }).join(" "),
    "def <v0> ( n ) : <nl> <in> return n <nl> <de> def <v0> ( <v1> ) : <nl> <in> return <v1> <nl>",
  );
  // Brackets continue a line; broken code still tokenizes.
  assert.equal(pyTokens("x = [1,\n     2]\n").join(" "), "<v0> = [ 1 , 2 ] <nl>");
  assert.ok(pyTokens('def f(:\n  s = "unterminated\n\treturn )').length > 5);
});

const CORPUS = [
  "def total(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s\n",
  "def count(xs, t):\n    n = 0\n    for x in xs:\n        if x == t:\n            n += 1\n    return n\n",
  "def biggest(xs):\n    best = xs[0]\n    for x in xs:\n        if x > best:\n            best = x\n    return best\n",
  "def first(xs, t):\n    for i in range(len(xs)):\n        if xs[i] == t:\n            return i\n    return -1\n",
  "def evens(xs):\n    out = []\n    for x in xs:\n        if x % 2 == 0:\n            out.append(x)\n    return out\n",
];

test("trainCodeNgram and CodeNgram: deterministic counts; seen code scores above scrambled code", () => {
  const file = trainCodeNgram({ sources: CORPUS, order: 3, minCount: 1, keepFiles: 2 });
  assert.deepEqual(trainCodeNgram({ sources: CORPUS, order: 3, minCount: 1, keepFiles: 2 }), file);
  assert.equal(file.format, "coe-ngram/1");
  assert.ok(file.keep.includes("xs") && !file.keep.includes("best"), "names in ≥ 2 files are kept");
  const pruned = trainCodeNgram({ sources: CORPUS, order: 3, minCount: 3, keepFiles: 2 });
  assert.ok(Object.keys(pruned.counts).length < Object.keys(file.counts).length, "rare n-grams pruned");
  const ng = new CodeNgram(file);
  const natural = "def mine(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s\n";
  const scrambled = "def mine(xs):\n    s = 0\n    for x in s:\n        xs += x\n    return xs\n";
  assert.ok(ng.score(natural) > ng.score(scrambled) + 1, `${ng.score(natural)} vs ${ng.score(scrambled)}`);
  const { tokens, logProbs } = ng.tokenScores(natural);
  assert.equal(tokens.length, logProbs.length);
  assert.ok(Math.abs(logProbs.reduce((a, b) => a + b, 0) - ng.score(natural)) < 1e-9);
  assert.ok(logProbs.every((p) => p < 0 && Number.isFinite(p)));
});

test("CodeNgram.load: missing, torn and foreign files are clear errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "coe-ngram-"));
  assert.throws(() => CodeNgram.load(join(dir, "nope.json")), CodeNgramError);
  writeFileSync(join(dir, "torn.json"), '{"format": "coe-ngram/1", "cou');
  assert.throws(() => CodeNgram.load(join(dir, "torn.json")), /cannot read code n-gram .*torn\.json/);
  writeFileSync(join(dir, "other.json"), JSON.stringify({ format: "coe-ranker/1" }));
  assert.throws(() => CodeNgram.load(join(dir, "other.json")), /is not a coe code n-gram/);
  writeFileSync(join(dir, "ok.json"), JSON.stringify(trainCodeNgram({ sources: CORPUS, minCount: 1 })));
  assert.equal(CodeNgram.load(join(dir, "ok.json")).name, "ok.json", "named after its file");
  assert.equal(CodeNgram.load(join(dir, "ok.json")), CodeNgram.load(join(dir, "ok.json")), "read once while unchanged");
  const first = CodeNgram.load(join(dir, "ok.json"));
  writeFileSync(join(dir, "ok.json"), JSON.stringify(trainCodeNgram({ sources: CORPUS.slice(1), minCount: 1 })));
  assert.notEqual(CodeNgram.load(join(dir, "ok.json")), first, "read again once changed");
  writeFileSync(join(dir, "ok.json"), "torn");
  assert.throws(() => CodeNgram.load(join(dir, "ok.json")), CodeNgramError, "a file torn since is an error");
});

/** Candidates as mixProposals makes them: the edited code with its command (an edit that cannot apply leaves the code as it was). */
const mixedOf = (lines: readonly string[], commands: Command[]): MixedProposal[] =>
  commands.map((command) => {
    const edited = applyCommand(lines, command);
    return {
      proposal: { command, source: "mutation", prior: 0.5, label: "x" },
      mass: 0.1,
      code: joinLines(edited.lines),
    } as unknown as MixedProposal;
  });

const failing: Verdict = {
  kind: "ok",
  passed: 0,
  total: 1,
  tests: [{ name: "t", status: "fail", message: "AssertionError", got: "3", want: "6" }],
} as Verdict;

test("naturalness: the edit back to corpus-like code gains, the edit away from it loses; crossed with the command", () => {
  const ng = new CodeNgram(trainCodeNgram({ sources: CORPUS, order: 3, minCount: 1, keepFiles: 2 }));
  const lines = splitLines("def mine(xs):\n    s = 0\n    for x in xs:\n        s += xs\n    return s\n");
  const commands: Command[] = [
    { op: "REPW", line: 4, old: "+= xs", new: "+= x" },
    { op: "REPW", line: 2, old: "0", new: "1" },
    { op: "REPW", line: 3, old: "in xs", new: "in s" },
    { op: "EXIT" },
    { op: "REPW", line: 9, old: "a", new: "b" },
  ];
  const nat = naturalness(ng, lines, mixedOf(lines, commands));
  assert.ok(nat[0]! > 0, `the fix reads more natural (${nat[0]})`);
  assert.ok(nat[2]! < 0, `the odd loop reads less natural (${nat[2]})`);
  assert.ok(nat[0]! > nat[1]! && nat[1]! > nat[2]!);
  assert.equal(nat[3], 0, "EXIT changes nothing");
  assert.equal(nat[4], 0, "an edit that cannot apply changes nothing");
  assert.ok(
    nat.every((x) => Math.abs(x) <= 3),
    "clipped",
  );
  const state = { lines, verdict: failing };
  const x = rankFeatures(state, mixedOf(lines, commands), new Set(), ng);
  assert.equal(x[0]!.nat, nat[0]);
  assert.equal(x[0]!["nat|op:REPW"], nat[0]);
  assert.equal(rankFeatures(state, mixedOf(lines, commands), new Set())[0]!.nat, undefined, "no n-gram, no feature");
});

test("naturalness of a long file: scored around the edit, as the short file is, never the whole file", () => {
  const ng = new CodeNgram(trainCodeNgram({ sources: CORPUS, order: 3, minCount: 1, keepFiles: 2 }));
  const body = "def mine(xs):\n    s = 0\n    for x in xs:\n        s += xs\n    return s\n";
  const filler = (k: number): string =>
    Array.from({ length: k }, (_, i) => `def f${i}(xs):\n    return len(xs)\n`).join("");
  const fix: Command = { op: "REPW", line: 0, old: "+= xs", new: "+= x" };
  const short = naturalness(ng, splitLines(body), mixedOf(splitLines(body), [{ ...fix, line: 4 }]))[0]!;
  const long = filler(200) + body + filler(200); // 805 lines: the bug at line 404
  const at = (n: number): number =>
    naturalness(ng, splitLines(long), mixedOf(splitLines(long), [{ ...fix, line: n }]))[0]!;
  assert.ok(splitLines(long).length > 800);
  assert.ok(short > 0 && at(404) > 0, `${short} and ${at(404)}`);
  assert.ok(Math.abs(at(404) - short) < 0.05, "the window holds the context the n-gram sees");
  assert.equal(at(3), 0, "an edit that cannot apply there changes nothing");
  // What is scored: never more than the window's 41 lines, however long the file (cost: npm run bench).
  let most = 0;
  const spy = Object.assign(Object.create(ng) as CodeNgram, {
    score: (source: string): number => ((most = Math.max(most, splitLines(source).length)), ng.score(source)),
  });
  naturalness(
    spy,
    splitLines(long),
    mixedOf(splitLines(long), [
      { ...fix, line: 404 },
      { op: "DELL", line: 800 },
      { op: "ADDL", line: 1, text: "x = 1" },
    ]),
  );
  assert.ok(most > 0 && most <= 42, `scored ${most} lines at most`);
});

test("a ranker carries its n-gram: fitted from groups that name it, loaded beside it or from models/, refused without", () => {
  const group = (ngram?: string): RankGroup => ({
    id: `g-${ngram ?? "none"}`,
    rootPassed: 0,
    total: 1,
    ...(ngram ? { ngram } : {}),
    candidates: [
      { command: "A", x: { logMass: -1, nat: -1 }, passed: 0, kind: "ok" },
      { command: "B", x: { logMass: -1.1, nat: 1 }, passed: 1, kind: "ok" },
    ],
  });
  const fitted = fitRanker({ groups: [group("corpus.json"), group("corpus.json")], steps: 50, minCount: 1 });
  assert.equal(fitted.file.ngram, "corpus.json");
  assert.ok(fitted.file.weights[fitted.file.features.indexOf("nat")]! > 0, "learns that natural edits fix");
  assert.throws(
    () => fitRanker({ groups: [group("corpus.json"), group("other.json")], steps: 1 }),
    /different code n-grams/,
  );
  assert.equal(fitRanker({ groups: [group()], steps: 1, minCount: 1 }).file.ngram, undefined);

  const dir = mkdtempSync(join(tmpdir(), "coe-ranker-ngram-"));
  const models = mkdtempSync(join(tmpdir(), "coe-models-"));
  writeFileSync(join(dir, "r.json"), JSON.stringify(fitted.file));
  assert.throws(
    () => LearnedRanker.load(join(dir, "r.json"), models),
    (e: Error) => e instanceof RankerFileError && /needs the code n-gram corpus\.json/.test(e.message),
  );
  const ngramText = JSON.stringify(trainCodeNgram({ sources: CORPUS, minCount: 1 }));
  writeFileSync(join(models, "corpus.json"), ngramText);
  assert.equal(LearnedRanker.load(join(dir, "r.json"), models).ngram?.name, "corpus.json", "found in models/");
  writeFileSync(join(dir, "corpus.json"), "torn{");
  assert.throws(
    () => LearnedRanker.load(join(dir, "r.json"), models),
    /cannot read code n-gram/,
    "beside the ranker first",
  );
  writeFileSync(join(dir, "corpus.json"), ngramText);
  assert.ok(LearnedRanker.load(join(dir, "r.json")).ngram);
  writeFileSync(join(dir, "bad.json"), JSON.stringify({ ...fitted.file, ngram: "../../etc/passwd" }));
  assert.throws(() => LearnedRanker.load(join(dir, "bad.json")), /is not a coe ranker/, "a name, never a path");
  assert.throws(() => new LearnedRanker(fitted.file), /needs the code n-gram corpus\.json, got none/);
});
