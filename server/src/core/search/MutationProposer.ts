import { applyCommand } from "../dsl/index.js";
import { analyseState } from "./rankLines.js";
import { tokenMutations } from "./mutateTokens.js";
import { statementMutations } from "./mutateStatements.js";
import { familyMutations } from "./operators/index.js";
import type { Mutation } from "./lineEdit.js";
import type { Proposal, ProposeOptions, Proposer, SearchState } from "./Proposer.js";

/**
 * The model-free proposer: classic program-repair mutation operators over the listing (token and
 * statement operators, plus the families in operators/: docs/operators.md), each
 * expressed as one DSL command (REPL/REPW/DELL/ADDL), scored by operator prior × how suspicious the
 * edited line is (rankLines: traceback lines, then Ochiai over per-test coverage). Every proposal
 * applies cleanly to the state and yields a distinct code, different from the state's own.
 */
export interface MutationProposerOptions {
  /** Only mutate lines whose suspiciousness is at least this (default 0: every line). */
  minSuspicion?: number;
  /** Lines (1-based) never to mutate, e.g. test helpers the caller wants left alone. */
  frozenLines?: ReadonlySet<number>;
}

export class MutationProposer implements Proposer {
  readonly name = "mutate";
  readonly source = "mutate" as const;
  constructor(private readonly options: MutationProposerOptions = {}) {}

  async propose(state: SearchState, options: ProposeOptions): Promise<Proposal[]> {
    if (options.signal?.aborted) return [];
    return mutationProposals(state.lines, state.verdict, { ...this.options, limit: options.limit });
  }
}

/** The proposals for a listing and its verdict, best first (pure; exported for tests and the bench). */
export function mutationProposals(
  lines: readonly string[],
  verdict: SearchState["verdict"],
  options: MutationProposerOptions & { limit: number },
): Proposal[] {
  const { analysis, suspicion } = analyseState(lines, verdict);
  const minSuspicion = options.minSuspicion ?? 0;
  const mutations: Mutation[] = [];
  for (let n = 1; n <= lines.length; n++) {
    if (options.frozenLines?.has(n) || (suspicion[n - 1] ?? 0) < minSuspicion) continue;
    mutations.push(...tokenMutations(analysis, n));
  }
  mutations.push(...statementMutations(analysis).filter((m) => !options.frozenLines?.has(m.line)));
  // The operator families (operators/*.ts): line-anchored ones obey minSuspicion like the token operators.
  for (const m of familyMutations(analysis)) {
    if (options.frozenLines?.has(m.line)) continue;
    if (!m.anchor && (suspicion[m.line - 1] ?? 0) < minSuspicion) continue;
    mutations.push(m);
  }
  const best = new Map<string, Proposal>();
  for (const m of mutations) {
    const applied = applyCommand(lines, m.command);
    if (!applied.ok) continue;
    const code = editKey(lines, applied.lines);
    if (code === undefined) continue;
    // Statement operators anchored on a whole function use the function's most suspicious line.
    const lineScore = m.anchor
      ? Math.max(...suspicion.slice(m.anchor[0] - 1, m.anchor[1]))
      : (suspicion[m.line - 1] ?? 0.05);
    const score = m.prior * lineScore;
    const seen = best.get(code);
    if (!seen || seen.score < score)
      best.set(code, { command: m.command, score, source: "mutate", label: m.label, prior: m.prior, tokens: 0 });
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, options.limit);
}

/**
 * The code an edit gives, as the lines it replaces and the lines it puts there (undefined: no
 * change). A function of the two listings only, so two edits giving the same code get the same key;
 * small, where the whole file as a key held every candidate's copy of it (16,000 proposals on a
 * 1,700-line file kept ~800 MB of strings alive).
 */
export function editKey(before: readonly string[], after: readonly string[]): string | undefined {
  let start = 0;
  const min = Math.min(before.length, after.length);
  while (start < min && before[start] === after[start]) start++;
  if (start === before.length && start === after.length) return undefined;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return `${start}|${endBefore}|${JSON.stringify(after.slice(start, endAfter))}`;
}
