import { applyCommand, joinLines, splitLines } from "../dsl/index.js";
import { mutationProposals } from "../search/MutationProposer.js";
import { assertTrainable, mbppSnippets, normalizeCode, type MbppTask } from "../synth/loadMbpp.js";
import { makeRng, mixSeed } from "../synth/rng.js";
import type { Proposal } from "../search/Proposer.js";
import { operatorFamily } from "./rankFeatures.js";

/**
 * Training bugs for the learned ranker, injected into correct MBPP train programs with the repair
 * operators themselves (self-supervised, as in BugLab): each bug is one operator edit, drawn with
 * probability proportional to the operator's prior (how often the priors say real bugs are of that
 * kind; docs/operators.md). The ranker then learns how fixes look given the failure (traceback,
 * coverage, why the tests fail, edit size, the family's crowd of candidates). Drawing families
 * uniformly instead (`draw: "uniform"`) over-weights rare families: fitted on such bugs, the ranker put
 * swapped indices and dropped bounds before comparison fixes on real bugs. The synthetic corruptions
 * of mbpp-train-repair (lines from other programs, syntax breaks) are another distribution, far from
 * hand-written bugs: a ranker fitted on them ranked real-bugs-tune worse than the priors do.
 */
/**
 * Families never injected: edits that add a statement (a guard, an appended return, a copied branch
 * statement, an inserted return). Injected, they make bugs nobody writes (an early `return` out of
 * nowhere) whose fix is a deletion, and a ranker fitted on them learns to delete.
 */
export const NOT_INJECTED = new Set(["guard", "append", "copy", "missing"]);

export interface InjectedTask {
  id: string;
  code: string;
  tests: string[];
  description: string;
  /** The injected edit's operator family. */
  kinds: string[];
}

export interface InjectBugsOptions {
  /** Correct programs of MBPP's train split (the test split is refused). */
  tasks: readonly MbppTask[];
  /** Bugs per program (default 2). */
  perProgram?: number;
  /**
   * How an edit is drawn: "prior" (default) with probability proportional to its operator's prior, so
   * families come as often as the priors say real bugs do; "uniform" draws a family uniformly, then
   * one of its edits (distinct families per program).
   */
  draw?: "prior" | "uniform";
  seed?: number;
}

export function injectBugs(options: InjectBugsOptions): InjectedTask[] {
  assertTrainable(options.tasks.map((t) => t.task_id));
  const out: InjectedTask[] = [];
  for (const task of options.tasks) {
    const rng = makeRng(mixSeed(options.seed ?? 1, task.task_id));
    const code = normalizeCode(task.code);
    const lines = splitLines(code);
    const passing = { kind: "ok" as const, passed: 1, total: 1, tests: [], ms: 0 };
    const byFamily = new Map<string, Proposal[]>();
    for (const p of mutationProposals(lines, passing, { limit: 100_000 })) {
      const f = operatorFamily(p.label);
      if (NOT_INJECTED.has(f)) continue;
      byFamily.set(f, [...(byFamily.get(f) ?? []), p]);
    }
    const families = [...byFamily.keys()].sort();
    const all = [...byFamily.values()].flat();
    const byPrior = (): Proposal => {
      let r = rng.next() * all.reduce((t, p) => t + (p.prior ?? 0), 0);
      for (const p of all) if ((r -= p.prior ?? 0) < 0) return p;
      return all[all.length - 1]!;
    };
    const seen = new Set<string>();
    for (let k = 0; k < (options.perProgram ?? 2) && families.length > 0; k++) {
      const family = families.splice(rng.int(0, families.length - 1), 1)[0]!;
      const edit = options.draw === "uniform" ? rng.pick(byFamily.get(family)!) : byPrior();
      const applied = applyCommand(lines, edit.command);
      if (!applied.ok) continue;
      const buggy = joinLines(applied.lines);
      if (seen.has(buggy)) continue;
      seen.add(buggy);
      out.push({
        id: `mbpp-inject-${task.task_id}-${k}`,
        code: buggy,
        tests: mbppSnippets(task),
        description: task.text,
        kinds: [family],
      });
    }
  }
  return out;
}
