import { isSolved, type Verdict } from "../types.js";
import { PriorityQueue } from "./PriorityQueue.js";
import { outputDistance } from "./outputDistance.js";
import type { MixedProposal } from "./mixProposals.js";
import type { Proposal, SearchState } from "./Proposer.js";
import type { SearchNode } from "./searchTrace.js";

/**
 * The search's ranking: which verified state to expand next and which unverified candidate to
 * verify next. A state's key is passedWeight × the fraction of tests it passes + the
 * log-confidence of its path − depthPenalty × its depth; a candidate's key is its parent's key −
 * depthPenalty + its own log-confidence (or, in the ranked search, its edit score: rankCandidates.ts).
 * With `tieBreak` (ranked), a state also loses up to half a test's worth by the output distance of
 * its failing tests (outputDistance.ts), which orders states that pass as many tests. That bounds a state's children by its key, so a state is
 * expanded only when its children could outrank every queued candidate. Also keeps the best state
 * seen (most tests passing) and the first that passes them all.
 */
export type FrontierNode = SearchNode & { state: SearchState; logp: number };

/** A proposed edit of a verified state, waiting to be verified. */
export interface Candidate {
  parent: FrontierNode;
  proposal: Proposal;
  code: string;
  /** Log-confidence of the path to this candidate (sum over its edits). */
  logp: number;
  /** Its priority in the queue. */
  key: number;
  /** Ranked search: the index of this candidate in its state's ranked batch while its key is still the
   *  optimistic one (the model term not yet added); undefined once exact. */
  pending?: number;
  /** Ranked search: the line-evidence penalty already in its key (SearchRanking.settle; 0 when absent). */
  adjusted?: number;
}

export interface SearchFrontierOptions {
  passedWeight: number;
  depthPenalty: number;
  /** States this deep are never expanded. */
  maxDepth: number;
  /** Ranked search: per-test output distance as a tie-breaker among equal pass counts (default false). */
  tieBreak?: boolean;
}

/** Fraction of the tests a verdict passes (0 unless the tests ran). */
const passedFraction = (v: Verdict): number => (v.total > 0 && v.kind === "ok" ? v.passed / v.total : 0);

export class SearchFrontier {
  private readonly states = new PriorityQueue<FrontierNode>();
  private readonly candidates = new PriorityQueue<Candidate>();
  private bestNode: FrontierNode | undefined;
  private winnerNode: FrontierNode | undefined;

  constructor(private readonly options: SearchFrontierOptions) {}

  /** The state passing the most tests so far (the first of equals). */
  get best(): FrontierNode | undefined {
    return this.bestNode;
  }

  /** The first state that passed every test. */
  get winner(): FrontierNode | undefined {
    return this.winnerNode;
  }

  /** States waiting to be expanded. */
  get size(): number {
    return this.states.size;
  }

  /** Candidates waiting to be verified. */
  get queued(): number {
    return this.candidates.size;
  }

  /** A verified state's priority. */
  key(n: FrontierNode): number {
    const { passedWeight, depthPenalty, tieBreak } = this.options;
    const base = passedWeight * passedFraction(n.verdict) + n.logp - depthPenalty * n.depth;
    if (!tieBreak || n.verdict.kind !== "ok" || n.verdict.total === 0) return base;
    return base - (0.5 * passedWeight * outputDistance(n.verdict)) / n.verdict.total;
  }

  /** Takes a verified state in: it may become the best or the winner, or wait to be expanded. */
  accept(node: FrontierNode): void {
    if (!this.bestNode || passedFraction(node.verdict) > passedFraction(this.bestNode.verdict)) this.bestNode = node;
    if (isSolved(node.verdict)) this.winnerNode ??= node;
    // The initial state is always expanded (a bug may well be a syntax error or a hang); later states
    // only when their tests ran: a mutation that broke the syntax or hangs is not worth building on.
    else if (
      (node.depth === 0 && node.verdict.kind !== "notests") ||
      (node.verdict.kind === "ok" && node.depth < this.options.maxDepth)
    )
      this.states.push(node, this.key(node));
  }

  /** The next state to expand, when its children could outrank every queued candidate; else undefined. */
  nextToExpand(): FrontierNode | undefined {
    const top = this.states.peekKey();
    if (top === undefined) return undefined;
    const queued = this.candidates.peekKey();
    return queued === undefined || top - this.options.depthPenalty >= queued ? this.states.pop() : undefined;
  }

  /**
   * Queues the mixed proposals for a state as candidates; `scores` (ranked search) replace log(mass), and
   * with `pending` they are upper bounds still waiting for the model term (see requeue).
   */
  addCandidates(
    parent: FrontierNode,
    mixed: readonly MixedProposal[],
    scores?: readonly number[],
    pending = false,
  ): void {
    mixed.forEach(({ proposal, code, mass }, i) =>
      this.addCandidate(parent, proposal, code, scores?.[i] ?? Math.log(mass), pending ? { pending: i } : {}),
    );
  }

  /**
   * Queues one candidate edit of a verified state with its edit score (log units, ≤ 0). `pending`: its
   * index in the state's ranked batch while the model term is still to come (Candidate.pending).
   * `bonus` raises only this candidate's priority (a two-edit combination: SearchRanking.combine), not
   * its path's log-confidence: verified, it is a state like any other, and its children inherit no bonus.
   */
  addCandidate(
    parent: FrontierNode,
    proposal: Proposal,
    code: string,
    score: number,
    { pending, bonus = 0 }: { pending?: number; bonus?: number } = {},
  ): void {
    const key = this.key(parent) - this.options.depthPenalty + score + bonus;
    this.candidates.push({ parent, proposal, code, logp: parent.logp + score, key, pending }, key);
  }

  /** Queues a popped candidate again with its exact score: `delta` (≤ 0) added to its optimistic key. */
  requeue(c: Candidate, delta: number): void {
    const key = c.key + delta;
    this.candidates.push({ ...c, logp: c.logp + delta, key, pending: undefined }, key);
  }

  /** The most promising candidate (undefined when none is queued). */
  nextCandidate(): Candidate | undefined {
    return this.candidates.pop();
  }
}
