/**
 * SearchFrontier's keys: a candidate's key is its parent's key − depth + its edit score, and a bonus
 * (a two-edit combination's) raises that candidate's priority only, never its path's log-confidence
 * (Candidate.logp), from which searchRepair keys the verified state and its children.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseCommand } from "../../server/src/core/dsl/index.js";
import { SearchFrontier, type FrontierNode } from "../../server/src/core/search/SearchFrontier.js";
import type { Verdict } from "../../server/src/core/types.js";

const verdict = (passed: number, total: number): Verdict => ({ kind: "ok", passed, total, tests: [], ms: 1 });

function node(passed: number, logp: number, depth: number): FrontierNode {
  const code = `x = ${passed}\n`;
  return {
    code,
    verdict: verdict(passed, 3),
    depth,
    tokens: 0,
    ms: 1,
    logp,
    state: { code, lines: [code.trimEnd()], verdict: verdict(passed, 3) },
  } as unknown as FrontierNode;
}

const proposal = (text: string) => ({ command: parseCommand(text), score: 0.5, source: "mutate" as const });

describe("SearchFrontier", () => {
  it("a combination's bonus orders its candidate first but is not inherited by the state it verifies", () => {
    const frontier = new SearchFrontier({ passedWeight: 4, depthPenalty: 2, maxDepth: 4 });
    const base = node(2, -3, 1);
    frontier.addCandidate(base, proposal("REPL 1 >>>x = 5"), "x = 5\n", -4);
    frontier.addCandidate(base, proposal("REPL 1 >>>x = 6"), "x = 6\n", -6, { bonus: 30 });
    const first = frontier.nextCandidate()!;
    const second = frontier.nextCandidate()!;
    assert.equal(first.code, "x = 6\n", "the bonus puts the combination ahead of a better-scored edit");
    assert.equal(first.key, frontier.key(base) - 2 - 6 + 30);
    assert.equal(first.logp, -3 - 6, "the path's log-confidence has the edit score only");
    assert.equal(second.logp, -3 - 4);
  });

  it("without a bonus the key is parent key − depth + score", () => {
    const frontier = new SearchFrontier({ passedWeight: 4, depthPenalty: 2, maxDepth: 4 });
    const root = node(1, 0, 0);
    frontier.addCandidate(root, proposal("REPL 1 >>>x = 2"), "x = 2\n", -1.5);
    const c = frontier.nextCandidate()!;
    assert.equal(c.key, 4 * (1 / 3) - 2 - 1.5);
    assert.equal(c.logp, -1.5);
  });
});
