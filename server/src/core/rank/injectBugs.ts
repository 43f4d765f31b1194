import { applyCommand, joinLines, splitLines } from "../dsl/index.js";
import { mutationProposals } from "../search/MutationProposer.js";
import { assertTrainable, mbppSnippets, normalizeCode, type MbppTask } from "../synth/loadMbpp.js";
import { makeRng, mixSeed } from "../synth/rng.js";
import type { Proposal } from "../search/Proposer.js";
import { operatorFamily } from "./rankFeatures.js";

/**
 * Training bugs for the learned ranker, injected into correct MBPP train programs with the repair
 * operators themselves (self-supervised, as in BugLab): for each program, an operator family is drawn
 * uniformly among those that apply, then one of its edits uniformly. The families are the real-bug
 * kinds of docs/operators.md, and drawing them uniformly (not by the proposer's priors) keeps the
 * ranker from learning back the priors it is meant to correct; what it learns is how a family's fixes
 * look given the failure (traceback, coverage, why the tests fail, edit size). The synthetic corruptions
 * of mbpp-train-repair (lines from other programs, syntax breaks) are another distribution, far from
 * hand-written bugs: a ranker fitted on them ranked real-bugs-tune worse than the priors do.
 */
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
  /** Bugs per program (distinct families when possible; default 2). */
  perProgram?: number;
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
      byFamily.set(f, [...(byFamily.get(f) ?? []), p]);
    }
    const families = [...byFamily.keys()].sort();
    const seen = new Set<string>();
    for (let k = 0; k < (options.perProgram ?? 2) && families.length > 0; k++) {
      const family = families.splice(rng.int(0, families.length - 1), 1)[0]!;
      const edit = rng.pick(byFamily.get(family)!);
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
