/**
 * Cross-validation of a ranker recipe: each group is ranked by a ranker that never saw it, so what a
 * fit memorises of its own groups does not show; what generalises across groups does.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { crossValidate, foldOf } from "../../server/src/core/rank/crossValidate.js";
import { fitRanker } from "../../server/src/core/rank/fitRanker.js";
import { LearnedRanker } from "../../server/src/core/rank/LearnedRanker.js";
import type { RankGroup } from "../../server/src/core/rank/RankGroup.js";
import { rankReport } from "../../server/src/core/rank/rankReport.js";

/**
 * 30 groups of 4 candidates with priors -1, -1.5, -2, -3; the fix is `fixAt(k)` and carries
 * `fixFeature(k)`, the others `other` (when given).
 */
function groups(
  prefix: string,
  fixFeature: (k: number) => string,
  fixAt: (k: number) => number = () => 3,
  other?: string,
): RankGroup[] {
  return Array.from({ length: 30 }, (_, k) => ({
    id: `${prefix}${k}`,
    rootPassed: 0,
    total: 2,
    candidates: [-1, -1.5, -2, -3].map((logMass, i) => ({
      command: `REPL ${i + 1} >>>x`,
      x: i === fixAt(k) ? { logMass, [fixFeature(k)]: 1 } : { logMass, ...(other ? { [other]: 1 } : {}) },
      passed: i === fixAt(k) ? 2 : 0,
      kind: "ok" as const,
      ...(i === fixAt(k) ? { hidden: true } : {}),
    })),
  }));
}

const fitted = (rows: ReturnType<typeof rankReport>) => rows.find((r) => r.name.startsWith("fitted"))!;

describe("crossValidate", () => {
  it("shows what a fit memorises of its own groups as what it is: no help on unseen groups", () => {
    // Each fix carries a feature of its own group only, anywhere in the prior's order: a fit learns
    // the features, and they tell nothing about another group.
    const data = groups(
      "m",
      (k) => `tag:${k}`,
      (k) => k % 4,
    );
    const inSample = fitRanker({ groups: data, steps: 200, minCount: 1 }).file;
    const own = rankReport(data, [{ name: "fitted", ranker: LearnedRanker.offline(inSample) }]);
    assert.equal(fitted(own).meanRuns, 2, "on its own groups the fit tries every fix first");
    const [cv] = crossValidate({ sources: [{ name: "m", groups: data }], folds: 5, steps: 200, minCount: 1 });
    assert.equal(cv!.source, "m");
    assert.ok(fitted(cv!.rows).meanRuns > 3, `out of fold: ${fitted(cv!.rows).meanRuns} runs, as by chance (3.5)`);
  });

  it("finds what generalises: a feature shared by the fixes of other groups ranks an unseen fix first", () => {
    const data = groups("g", () => "fam:good", undefined, "fam:bad");
    const [cv] = crossValidate({ sources: [{ name: "g", groups: data }], folds: 5, steps: 200, minCount: 1 });
    assert.equal(fitted(cv!.rows).meanRuns, 2);
    assert.equal(cv!.rows[0]!.meanRuns, 5, "the prior's order, for comparison");
  });

  it("reports each source apart and weighs a source in the fits by `times`", () => {
    // Source a's fixes are "fam:x", b's are "fam:y", and b's non-fixes are "fam:x": they disagree.
    const a = groups("a", () => "fam:x");
    const b = groups("b", () => "fam:y", undefined, "fam:x");
    const run = (times: number) =>
      crossValidate({
        sources: [
          { name: "a", groups: a },
          { name: "b", groups: b, times },
        ],
        folds: 3,
        steps: 200,
        minCount: 1,
      });
    const even = run(1);
    assert.deepEqual(
      even.map((r) => [r.source, r.rows[0]!.solvable]),
      [
        ["a", 30],
        ["b", 30],
      ],
    );
    const heavy = run(20);
    assert.ok(
      fitted(heavy[0]!.rows).meanRuns >= fitted(even[0]!.rows).meanRuns,
      "weighing b up cannot help a, whose fixes b calls wrong",
    );
    assert.ok(fitted(heavy[1]!.rows).meanRuns <= fitted(even[1]!.rows).meanRuns);
  });

  it("folds by a stable hash of the id, and stops when cancelled", () => {
    assert.equal(foldOf("tb-001-x", 5), foldOf("tb-001-x", 5));
    const folds = new Set(Array.from({ length: 100 }, (_, k) => foldOf(`id-${k}`, 5)));
    assert.deepEqual([...folds].sort(), [0, 1, 2, 3, 4]);
    assert.throws(() => crossValidate({ sources: [], folds: 1 }), /at least 2 folds/);
    const stop = new AbortController();
    let fitted = 0;
    const run = () =>
      crossValidate({
        sources: [{ name: "g", groups: groups("g", () => "fam:good") }],
        folds: 5,
        steps: 5,
        signal: stop.signal,
        onFold: () => ++fitted === 2 && stop.abort(),
      });
    assert.throws(run, /cross-validation cancelled/);
    assert.equal(fitted, 2, "no fold is fitted after the cancel");
  });
});
