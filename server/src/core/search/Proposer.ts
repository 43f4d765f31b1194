import type { Command, Verdict } from "../types.js";
import type { EpisodeContext } from "../model/Policy.js";
import { printCommand, splitLines } from "../dsl/index.js";
import { renderState } from "../tool/index.js";

/**
 * The search's view of one tool state: a version of the code, what the tests said about it, and how
 * the search got there. States are immutable; a proposer reads them and never verifies anything.
 */
export interface SearchState {
  /** Search-local id (0 = the initial state). */
  id: number;
  code: string;
  lines: readonly string[];
  verdict: Verdict;
  /** renderState(lines, verdict): exactly what a model sees for this state. */
  rendered: string;
  /** Commands from the initial state to this one. */
  path: readonly Command[];
  depth: number;
  /** What a model has seen on the way here (header, rendered states along the path, printed commands). */
  context: EpisodeContext;
}

export type ProposalSource = "model" | "mutate";

/** One candidate edit of a state. */
export interface Proposal {
  command: Command;
  /** Higher = more promising. Model: log-probability of the command; mutation: operator prior × line suspiciousness (0..1]. */
  score: number;
  source: ProposalSource;
  /** Which operator made it (mutations) or the raw sampled text (model); for logs and tests. */
  label?: string;
  /** Mutations: the operator's prior (Mutation.prior), before line suspiciousness scales it. */
  prior?: number;
  /** Model tokens (prompt evaluated + generated) of the samples that gave it (0 for mutations). */
  tokens?: number;
}

export interface ProposeOptions {
  /** At most this many proposals. */
  limit: number;
  signal?: AbortSignal;
}

/** Anything that suggests edits of a state: the model, the mutation operators, a scripted stand-in. */
export interface Proposer {
  readonly name: string;
  readonly source: ProposalSource;
  /** Proposals, best first, each applying cleanly to state.lines and each giving a distinct new code. */
  propose(state: SearchState, options: ProposeOptions): Promise<Proposal[]>;
  /** Model tokens spent so far (prompt evaluated + generated), unusable samples included. Proposers without
   *  it are charged the tokens of the proposals they return. */
  readonly tokensSpent?: number;
  dispose?(): Promise<void> | void;
}

/**
 * A state of the search: the initial one (no parent), or `parent` after `command`. The one place a
 * SearchState is built (searchRepair's nodes, collectRankGroup's initial state), so the model's view
 * of a state (rendered, context) is the same wherever a state comes from.
 */
export function makeSearchState(options: {
  id: number;
  code: string;
  verdict: Verdict;
  header: EpisodeContext["header"];
  parent?: SearchState;
  command?: Command;
}): SearchState {
  const { parent, command } = options;
  const lines = splitLines(options.code);
  const rendered = renderState(lines, options.verdict);
  const path = parent && command ? [...parent.path, command] : [];
  return {
    id: options.id,
    code: options.code,
    lines,
    verdict: options.verdict,
    rendered,
    path,
    depth: path.length,
    context: {
      header: options.header,
      states: parent ? [...parent.context.states, rendered] : [rendered],
      commands: parent && command ? [...parent.context.commands, printCommand(command)] : [],
    },
  };
}
