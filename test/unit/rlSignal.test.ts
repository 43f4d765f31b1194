/**
 * An RL round learns only from groups of rollouts that differ in reward (GRPO's advantage is zero
 * otherwise). The editor's RL round and `coe train rl` say so instead of passing the start model off
 * as a trained one: the default model at temperature 1 gave 0 such groups of 8 (all solved or all failed).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rlLearnedNothing, type RlRoundReport } from "../../server/src/core/train/trainRl.js";

const report = (informativeGroups: number, solvedFraction = 0.25): RlRoundReport => ({
  round: 1,
  episodes: 32,
  solvedFraction,
  meanReward: solvedFraction,
  episodesPerMinute: 90,
  informativeGroups,
});

void describe("rlLearnedNothing", () => {
  void it("names the problem when no round had a group with a reward signal", () => {
    const why = rlLearnedNothing([report(0, 0.125), report(0, 0)]);
    assert.match(why ?? "", /no group of rollouts had a reward signal/);
    assert.match(why ?? "", /13% of rollouts solved, 0% of rollouts solved/);
    assert.match(why ?? "", /higher sampling temperature/);
  });

  void it("says nothing when one round of several had such a group", () => {
    assert.equal(rlLearnedNothing([report(0), report(3)]), undefined);
  });
});
