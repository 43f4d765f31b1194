/**
 * Expression-level repair operators (off-by-one, operator swaps, wrong variable, swapped arguments),
 * one by one on before/after fixtures, plus the bound on proposals per state and kind-aware priors.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { splitLines } from "../../server/src/core/dsl/index.js";
import { analyzePython } from "../../server/src/core/search/pyAnalysis.js";
import { mutationProposals } from "../../server/src/core/search/MutationProposer.js";
import { wrongVariableMutations } from "../../server/src/core/search/operators/wrongVariable.js";
import { selfOnlyVariables, variableKinds } from "../../server/src/core/search/operators/functionScope.js";
import { checkAbsent, checkFixture } from "./operatorFixtures.js";
import type { Verdict } from "../../server/src/core/types.js";

describe("off-by-one operators", () => {
  const fixtures: Array<[string, string, string, string]> = [
    [
      "drop a range bound's term",
      "def chunk(items, size):\n    for start in range(0, len(items) - size, size):\n        yield items[start:start + size]\n",
      "REPW 2 >>>) - size >>>)",
      "def chunk(items, size):\n    for start in range(0, len(items), size):\n        yield items[start:start + size]\n",
    ],
    [
      "drop - 1 of an index",
      "def last(xs, i):\n    return xs[i - 1]\n",
      "REPW 2 >>>i - 1 >>>i",
      "def last(xs, i):\n    return xs[i]\n",
    ],
    [
      "loop condition bound - 1",
      "def f(xs):\n    i = 0\n    while i < len(xs):\n        i += 1\n",
      "REPW 3 >>>) >>>) - 1",
      "def f(xs):\n    i = 0\n    while i < len(xs) - 1:\n        i += 1\n",
    ],
    [
      "comparison bound + 1",
      "def f(n, i):\n    if i < n:\n        return i\n",
      "REPW 2 >>>n >>>n + 1",
      "def f(n, i):\n    if i < n + 1:\n        return i\n",
    ],
    [
      "len() - 1",
      "def f(s):\n    left, right = 0, len(s)\n    return right\n",
      "REPW 2 >>>) >>>) - 1",
      "def f(s):\n    left, right = 0, len(s) - 1\n    return right\n",
    ],
    [
      "one-based range",
      "def total(n):\n    return sum(k for k in range(n))\n",
      "REPW 2 >>>(n >>>(1, n + 1",
      "def total(n):\n    return sum(k for k in range(1, n + 1))\n",
    ],
  ];
  for (const [name, before, command, after] of fixtures)
    it(name, () => checkFixture({ family: "off-by-one", before, command, after }));

  it("never drops a term bound tighter than + and -", () => {
    checkAbsent("off-by-one", "def f(i, k):\n    return i - 1 * k\n", "REPW 2 >>>i - 1 >>>i");
  });
});

describe("operator swaps", () => {
  const fixtures: Array<[string, string, string, string]> = [
    [
      "is None -> not",
      "def f(query):\n    if query is None:\n        return {}\n",
      "REPW 2 >>>query is None >>>not query",
      "def f(query):\n    if not query:\n        return {}\n",
    ],
    ["is -> ==", "def f(x):\n    return x is 0\n", "REPW 2 >>>is >>>==", "def f(x):\n    return x == 0\n"],
    [
      "== None -> is None",
      "def f(x):\n    return x == None\n",
      "REPW 2 >>>== >>>is",
      "def f(x):\n    return x is None\n",
    ],
    [
      "not x -> x is None",
      "def f(x):\n    if not x:\n        return 1\n",
      "REPW 2 >>>not x >>>x is None",
      "def f(x):\n    if x is None:\n        return 1\n",
    ],
    [
      "sign dropped on every occurrence",
      "def rot(items, k):\n    return items[-k:] + items[:-k]\n",
      "REPW 2 >>>-k >>>k",
      "def rot(items, k):\n    return items[k:] + items[:k]\n",
    ],
  ];
  for (const [name, before, command, after] of fixtures)
    it(name, () => checkFixture({ family: "operator-swaps", before, command, after }));
});

describe("wrong variable", () => {
  const code =
    "def running_max(values):\n    best = 0\n    result = []\n    for i in range(len(values)):\n        v = values[i]\n        best = max(best, v)\n        result.append(v)\n    return result\n";
  it("renames to another variable in scope", () => {
    checkFixture({
      family: "wrong-variable",
      before: code,
      command: "REPW 7 >>>v >>>best",
      after: code.replace("result.append(v)", "result.append(best)"),
    });
  });
  it("infers kinds and prefers a variable of the same kind", () => {
    const analysis = analyzePython(splitLines(code));
    const kinds = variableKinds(analysis, analysis.functions[0]!);
    assert.equal(kinds.get("best"), "num");
    assert.equal(kinds.get("i"), "num");
    assert.equal(kinds.get("result"), "seq");
    assert.equal(kinds.get("values"), "seq");
    const prior = (label: string): number => wrongVariableMutations(analysis).find((m) => m.label === label)!.prior;
    assert.ok(prior("rename best -> i") > prior("rename best -> result"), "num -> num above num -> list");
    assert.ok(prior("rename best -> v") > prior("rename best -> result"), "unknown kind in between");
  });
});

describe("value flow", () => {
  it("finds a variable whose value never leaves it and ranks renames to it first", () => {
    const code =
      "def running_max(values):\n    result = []\n    best = None\n    for v in values:\n        if best is None or v > best:\n            best = v\n        result.append(v)\n    return result\n";
    const analysis = analyzePython(splitLines(code));
    assert.deepEqual(selfOnlyVariables(analysis, analysis.functions[0]!), ["best"]);
    const fixed = code.replace("result.append(v)", "result.append(best)");
    checkFixture({ family: "wrong-variable", before: code, command: "REPW 7 >>>v >>>best", after: fixed });
    const m = wrongVariableMutations(analysis).find((x) => x.label === "rename v -> best" && x.line === 7)!;
    assert.equal(m.prior, 0.75);
    const used = analyzePython(splitLines(fixed));
    assert.deepEqual(selfOnlyVariables(used, used.functions[0]!), [], "once appended, best's value leaves it");
  });
});

describe("swapped arguments", () => {
  const fixtures: Array<[string, string, string, string]> = [
    [
      "indices",
      "def t(m, rows):\n    return [m[c][r] for r in range(rows) for c in range(rows)]\n",
      "REPW 2 >>>[c][r] >>>[r][c]",
      "def t(m, rows):\n    return [m[r][c] for r in range(rows) for c in range(rows)]\n",
    ],
    [
      "first and last of three",
      "def f(x, lo, hi):\n    return clamp(hi, lo, x)\n",
      "REPW 2 >>>hi, lo, x >>>x, lo, hi",
      "def f(x, lo, hi):\n    return clamp(x, lo, hi)\n",
    ],
    [
      "tuple values",
      "def f(a, b):\n    a, b = a, a + b\n    return a\n",
      "REPW 2 >>>a, a + b >>>a + b, a",
      "def f(a, b):\n    a, b = a + b, a\n    return a\n",
    ],
  ];
  for (const [name, before, command, after] of fixtures)
    it(name, () => checkFixture({ family: "swap-arguments", before, command, after }));
});

describe("proposal count", () => {
  it("stays within the limit, best first, with every family on", () => {
    const code =
      "def fib(n):\n    if n == 0:\n        return n\n    best = 0\n    for i in range(n):\n        best = max(best, fib(n - 1) + fib(n - 2))\n    return best\n";
    const verdict: Verdict = {
      kind: "ok",
      passed: 0,
      total: 1,
      tests: [{ name: "t", status: "fail", line: 6 }],
      ms: 0,
    };
    const all = mutationProposals(splitLines(code), verdict, { limit: 100_000 });
    assert.ok(all.length > 40);
    const some = mutationProposals(splitLines(code), verdict, { limit: 12 });
    assert.equal(some.length, 12);
    assert.deepEqual(
      some.map((p) => p.score),
      all.slice(0, 12).map((p) => p.score),
    );
    for (let k = 1; k < some.length; k++) assert.ok(some[k - 1]!.score >= some[k]!.score);
  });
});

describe("wrong method", () => {
  const fixtures: Array<[string, string, string, string]> = [
    [
      "append -> extend",
      "def flatten(xs):\n    flat = []\n    for x in xs:\n        flat.append(flatten(x))\n    return flat\n",
      "REPW 4 >>>append >>>extend",
      "def flatten(xs):\n    flat = []\n    for x in xs:\n        flat.extend(flatten(x))\n    return flat\n",
    ],
    [
      "get -> setdefault",
      "def group(words):\n    g = {}\n    for w in words:\n        g.get(len(w), []).append(w)\n    return g\n",
      "REPW 4 >>>get >>>setdefault",
      "def group(words):\n    g = {}\n    for w in words:\n        g.setdefault(len(w), []).append(w)\n    return g\n",
    ],
    [
      "separator dropped",
      'def words(text):\n    return text.split(" ")\n',
      'REPW 2 >>>(" ") >>>()',
      "def words(text):\n    return text.split()\n",
    ],
  ];
  for (const [name, before, command, after] of fixtures)
    it(name, () => checkFixture({ family: "wrong-method", before, command, after }));

  it("leaves plain function calls alone", () => {
    checkAbsent("wrong-method", "def f(xs):\n    return append(xs)\n", "REPW 2 >>>append >>>extend");
  });
});
