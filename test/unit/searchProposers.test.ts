/**
 * The search's proposers: the Python tokenizer, fault localisation (traceback + Ochiai), the
 * mutation operators (every command applies cleanly, codes are distinct, strings and comments are
 * never touched, the classic fixes are among the proposals) and the model proposer (dedup, scoring).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { applyCommand, joinLines, parseCommand, printCommand, splitLines } from "../../server/src/core/dsl/index.js";
import { tokenizePython } from "../../server/src/core/parse/pyTokens.js";
import { rankLines } from "../../server/src/core/search/rankLines.js";
import { MutationProposer, mutationProposals } from "../../server/src/core/search/MutationProposer.js";
import { ModelProposer } from "../../server/src/core/search/ModelProposer.js";
import type { SearchState } from "../../server/src/core/search/Proposer.js";
import { TablePolicy } from "../helpers/searchFakes.js";
import type { Verdict } from "../../server/src/core/types.js";

const failAt = (line?: number): Verdict => ({
  kind: "ok",
  passed: 0,
  total: 1,
  tests: [{ name: "t", status: "fail", line }],
  ms: 0,
});

/** Codes produced by the proposals, checking on the way that each applies cleanly and round-trips through the DSL text. */
function resultingCodes(code: string, verdict: Verdict, limit = 5000): Map<string, string> {
  const lines = splitLines(code);
  const out = new Map<string, string>();
  for (const p of mutationProposals(lines, verdict, { limit })) {
    assert.deepEqual(parseCommand(printCommand(p.command)), p.command, "printCommand/parseCommand round trip");
    const applied = applyCommand(lines, p.command);
    assert.ok(applied.ok, `applies cleanly: ${printCommand(p.command)}`);
    const next = joinLines(applied.lines);
    assert.notEqual(next, code, `changes something: ${printCommand(p.command)}`);
    assert.ok(!out.has(next), `deduplicated by resulting code: ${printCommand(p.command)}`);
    out.set(next, printCommand(p.command));
  }
  return out;
}

describe("tokenizePython", () => {
  it("keeps strings (prefixed, triple-quoted, multi-line) and comments whole", () => {
    const toks = tokenizePython('x = rb"a<b" + f\'{y}\'  # c < d\ns = """1 +\n2""" if a<=b else 0\n');
    const kinds = toks.map((t) => `${t.kind}:${t.text}`);
    assert.ok(kinds.includes('string:rb"a<b"'));
    assert.ok(kinds.includes("string:f'{y}'"));
    assert.ok(kinds.includes("comment:# c < d"));
    const triple = toks.find((t) => t.text.startsWith('"""'))!;
    assert.equal(triple.line, 2);
    assert.equal(triple.endLine, 3);
    assert.ok(kinds.includes("op:<="));
    assert.equal(toks.filter((t) => t.kind === "newline").length, 2, "one logical newline per statement");
  });

  it("does not end a logical line inside brackets", () => {
    const toks = tokenizePython("f(a,\n  b)\n");
    assert.equal(toks.filter((t) => t.kind === "newline").length, 1);
    assert.equal(toks.find((t) => t.text === "b")!.depth, 1);
  });
});

describe("rankLines", () => {
  it("puts traceback lines first, then Ochiai over coverage", () => {
    const verdict: Verdict = {
      kind: "ok",
      passed: 2,
      total: 4,
      ms: 0,
      tests: [
        { name: "a", status: "fail" },
        { name: "b", status: "pass" },
        { name: "c", status: "pass" },
        { name: "d", status: "error", line: 4 },
      ],
      coverage: { a: [1, 2, 3], b: [1, 2], c: [1, 2] },
    };
    const s = rankLines({ lineCount: 4, verdict });
    assert.ok(s[3]! > s[2]!, "traceback line 4 is the most suspicious");
    assert.ok(s[2]! > s[1]!, "line 3 (only the failing test ran it) beats line 2 (every test ran it)");
    assert.equal(s[0], s[1]);
  });

  it("without coverage gives function lines a flat prior above module lines", () => {
    const s = rankLines({ lineCount: 3, verdict: failAt(), functionLines: new Set([1, 2]) });
    assert.ok(s[0]! > s[2]!);
  });
});

describe("MutationProposer", () => {
  const code = [
    "LIMIT = 10",
    "def f(xs, k):",
    '    """Sums items < k; "a - b" is text."""',
    "    total = 0",
    "    for i in range(len(xs)):",
    "        if xs[i] < k and i > 0:  # x - y stays",
    "            total = total - xs[i]",
    "    s = 'p < q'",
    "    return max(total, LIMIT - k)",
    "",
  ].join("\n");

  it("every proposal applies cleanly, changes the code and is unique by resulting code", () => {
    const codes = resultingCodes(code, failAt(7));
    assert.ok(codes.size > 100, `many proposals (${codes.size})`);
  });

  it("never touches strings or comments", () => {
    for (const next of resultingCodes(code, failAt(7)).keys()) {
      const lines = splitLines(next);
      const doc = lines.find((l) => l.includes('"""'));
      if (doc) assert.equal(doc.trim(), '"""Sums items < k; "a - b" is text."""');
      const cmt = lines.find((l) => l.includes("#"));
      if (cmt) assert.ok(cmt.endsWith("# x - y stays"));
      const str = lines.find((l) => l.includes("'p"));
      if (str) assert.ok(str.includes("'p < q'"));
    }
  });

  it("contains the classic fixes", () => {
    const lines = new Set(
      [...resultingCodes(code, failAt(7)).keys()].map((c) =>
        splitLines(c)
          .filter((l, i) => l !== splitLines(code)[i])
          .join("|"),
      ),
    );
    const expect = [
      "        if xs[i] <= k and i > 0:  # x - y stays", // comparison swap
      "        if xs[i] < k or i > 0:  # x - y stays", // boolean swap
      "            total = total + xs[i]", // arithmetic swap
      "            total = xs[i] - total", // swapped operands
      "    for i in range(len(xs) + 1):", // bound + 1
      "        if xs[i] < k and i > 1:  # x - y stays", // constant + 1
      "    return max(LIMIT - k, total)", // swapped arguments
      "            total = total - xs[k]", // renamed variable
      "    return min(total, LIMIT - k)", // max -> min
      "    return total", // swapped return value
      "        if not (xs[i] < k and i > 0):  # x - y stays", // negated condition
    ];
    for (const e of expect) assert.ok(lines.has(e), `missing: ${e}`);
    const all = [...resultingCodes(code, failAt(7)).keys()];
    assert.ok(
      all.some((c) => c.includes("    if not xs: return 0\n    total = 0")),
      "guard inserted after the docstring",
    );
    assert.ok(
      all.some((c) => !c.includes("            total = total - xs[i]")),
      "statement deleted",
    );
  });

  it("ranks the traceback line's edits first and appends a missing return", async () => {
    const lines = splitLines("def g(a, b):\n    c = a * b\n    d = c - 1\n");
    const state = { lines, verdict: failAt(3) } as unknown as SearchState;
    const props = await new MutationProposer().propose(state, { limit: 10 });
    assert.equal(props.length, 10, "the limit is respected");
    assert.ok(props.slice(0, 3).every((p) => "line" in p.command && p.command.line === 3));
    const all = mutationProposals(lines, failAt(3), { limit: 1000 });
    assert.ok(all.some((p) => printCommand(p.command) === "ADDL 4 >>>    return d"));
    for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.score >= all[i]!.score, "best first");
  });

  it("does not delete the only statement of a block", () => {
    const codes = resultingCodes("def h(x):\n    if x:\n        return 1\n    return 2\n", failAt(3));
    for (const c of codes.values()) assert.notEqual(c, "DELL 3");
  });
});

describe("ModelProposer", () => {
  it("samples k commands, drops unusable ones, dedups by code and scores by log-probability", async () => {
    const lines = splitLines("def add(a, b):\n    return a - b\n");
    const policy = new TablePolicy({
      "": [
        ["REPW 2 >>>- >>>+", -1.5],
        ["REPL 2 >>>    return a + b", -0.5], // same code as the first
        ["DELL 9", -0.2], // out of range
        ["not a command", -0.1],
        ["EXIT", -0.1],
        ["REPL 2 >>>    return b - a", -2],
      ],
    });
    const proposer = new ModelProposer({ policy, samples: 6, sessions: 2 });
    const context = { header: { tests: "" }, states: ["s"], commands: [] };
    const props = await proposer.propose({ lines, context } as unknown as SearchState, { limit: 10 });
    assert.equal(policy.calls, 6);
    assert.deepEqual(
      props.map((p) => [printCommand(p.command), p.score, p.source]),
      [
        ["REPL 2 >>>    return a + b", -0.5, "model"],
        ["REPL 2 >>>    return b - a", -2, "model"],
      ],
    );
    assert.equal(proposer.stats.unusable, 3);
    assert.equal(proposer.stats.duplicates, 1);
    await proposer.dispose();
  });
});
