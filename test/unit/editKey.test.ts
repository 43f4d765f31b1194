/**
 * The mutation proposer merges edits that give the same code by a small key (the lines replaced and
 * the lines put there) instead of the whole file: the key must be equal exactly when the code is.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { editKey, mutationProposals } from "../../server/src/core/search/MutationProposer.js";
import { applyCommand, joinLines, splitLines } from "../../server/src/core/dsl/index.js";
import type { Verdict } from "../../server/src/core/types.js";

/** A small deterministic RNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

void describe("editKey", () => {
  void it("is equal for two edits exactly when they give the same code (random edits, repeated lines)", () => {
    const next = rng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const vocab = ["a", "b", "a", "", "c"];
    for (let round = 0; round < 300; round++) {
      const base = Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(vocab));
      const edit = (): string[] => {
        const out = [...base];
        const at = Math.floor(next() * (out.length + 1));
        const kind = pick(["add", "del", "rep"]);
        if (kind === "add") out.splice(at, 0, pick(vocab));
        else if (kind === "del" && at < out.length) out.splice(at, 1);
        else if (at < out.length) out[at] = pick(vocab);
        return out;
      };
      const x = edit();
      const y = edit();
      assert.equal(editKey(base, x) === undefined, joinLines(x) === joinLines(base), JSON.stringify([base, x]));
      assert.equal(editKey(base, x) === editKey(base, y), joinLines(x) === joinLines(y), JSON.stringify([base, x, y]));
    }
  });

  void it("the proposer's proposals give distinct codes, none the original", () => {
    const code =
      "def f(xs, n):\n    out = []\n    for i in range(1, n):\n        if xs[i] > 2:\n            out.append(xs[i])\n    return sorted(out)\n";
    const lines = splitLines(code);
    const verdict: Verdict = { kind: "ok", passed: 0, total: 1, ms: 0, tests: [{ name: "t", status: "fail" }] };
    const codes = mutationProposals(lines, verdict, { limit: 100_000 }).map((p) => {
      const applied = applyCommand(lines, p.command);
      assert.ok(applied.ok);
      return joinLines(applied.lines);
    });
    assert.ok(codes.length > 50, `${codes.length} proposals`);
    assert.equal(new Set(codes).size, codes.length);
    assert.ok(!codes.includes(code));
  });
});
