import type { Command } from "../types.js";
import type { Verdict } from "../types.js";
import { testDistance } from "./outputDistance.js";

/**
 * What the verified edits of a state say about its lines (mutation-based fault localisation, as in
 * Metallaxis and MUSE): an edit of the faulty line tends to move a failing test (make it pass, or
 * bring its value closer to the expected one), while edits of a line that does not matter to the
 * failure change nothing the tests see. The ranked search already pays for these runs; this turns
 * their results into evidence for the state's other candidates (SearchRanking.adjustment):
 *
 *   helped: the edit made a failing test pass, or brought a failing test's value closer;
 *   inert:  every test reads exactly as before (same status, same value);
 *   changed: anything else (the edit mattered, but not for the better).
 *
 * A line's evidence is the best of its edits' (helped > changed > inert).
 */
export type LineEffect = "helped" | "changed" | "inert";

const RANK: Record<LineEffect, number> = { inert: 0, changed: 1, helped: 2 };

/** The effect of a verified child on its parent's tests. */
export function editEffect(child: Verdict, parent: Verdict): LineEffect {
  if (child.kind !== parent.kind) return child.kind === "ok" && parent.kind !== "ok" ? "helped" : "changed";
  if (child.kind !== "ok") return "inert";
  const before = new Map(parent.tests.map((t) => [t.name, t]));
  let same = child.tests.length === parent.tests.length;
  for (const t of child.tests) {
    const p = before.get(t.name);
    if (!p) {
      same = false;
      continue;
    }
    if (p.status !== "pass" && t.status === "pass") return "helped";
    if (p.status !== "pass" && t.status !== "pass" && testDistance(t) < testDistance(p) - 1e-9) return "helped";
    if (p.status !== t.status || p.got !== t.got || p.message !== t.message) same = false;
  }
  return same ? "inert" : "changed";
}

/** The line an edit touches (undefined for EXIT). */
export function editLine(command: Command | undefined): number | undefined {
  return command && command.op !== "EXIT" ? command.line : undefined;
}

/** Evidence per line of one state, from its verified children. */
export class LineEvidence {
  private readonly lines = new Map<number, LineEffect>();
  private anyHelped = false;

  /** Records a verified child's effect on the line it edits. */
  add(line: number, effect: LineEffect): void {
    const was = this.lines.get(line);
    if (was === undefined || RANK[effect] > RANK[was]) this.lines.set(line, effect);
    if (effect === "helped") this.anyHelped = true;
  }

  /**
   * The penalty (≤ 0, log units) for a candidate editing `line`: `inert` when every edit of that line so
   * far changed nothing, `elsewhere` when some other line's edit helped and none of this line's did.
   */
  penalty(line: number | undefined, weights: { inert: number; elsewhere: number }): number {
    if (line === undefined) return 0;
    const e = this.lines.get(line);
    if (e === "helped") return 0;
    let p = 0;
    if (e === "inert") p -= weights.inert;
    if (this.anyHelped) p -= weights.elsewhere;
    return p;
  }
}
