import { createHash } from "node:crypto";
import { applyCommand, joinLines, printCommand, splitLines } from "../dsl/index.js";
import { renderState, type EpisodeHeader } from "../tool/index.js";
import type { Verifier } from "../python/Verifier.js";
import { isSolved, type ProgressListener, type TestSource, type Trace, type Verdict } from "../types.js";
import { PriorityQueue } from "./PriorityQueue.js";
import type { Proposal, Proposer, SearchState } from "./Proposer.js";
import { buildTrace, pathFlags, testsText, type SearchNode } from "./searchTrace.js";

/**
 * Verified best-first search over tool states (the repair loop as search). Proposers (the model,
 * the mutation operators, or both) suggest DSL commands for a state; each new code is verified by
 * the tests once (states are deduplicated by a hash of their code); states are ranked by tests
 * passing, then proposer confidence, minus a depth penalty. The search stops at the first state
 * that passes every test and returns the path to it as an ordinary trace ending with EXIT.
 */
export type SearchMode = "model" | "mutate" | "hybrid";

export interface SearchBudget {
  /** Most calls to verifier.verify on the visible tests, the initial state's included. Never exceeded. */
  verifications: number;
  /** Wall-clock limit in ms: no verification starts after it, those in flight are aborted. */
  ms?: number;
}

export interface SearchRepairOptions {
  code: string;
  /** The tests the search sees. */
  tests: TestSource;
  /** Evaluation only: tests the search never sees; the winner is verified on them once. */
  hiddenTests?: TestSource;
  verifier: Verifier;
  proposers: readonly Proposer[];
  /** Which proposers take part: 'model' and 'mutate' select by source, 'hybrid' uses all (default). */
  mode?: SearchMode;
  budget: SearchBudget;
  /** What a model proposer sees before the first state (default: the tests' text). */
  header?: EpisodeHeader;
  /** Module file name for the verifier and the trace (default "solution.py"). */
  fileName?: string;
  /** Per-verification wall limit (the verifier's default when omitted). */
  timeoutMs?: number;
  /** Deepest path explored (default 3 edits). */
  maxDepth?: number;
  /** Proposals asked from each proposer per expanded state (default 300). */
  proposalsPerState?: number;
  /** Verifications in flight at once (default verifier.concurrency). */
  concurrency?: number;
  /** Ask the verifier for per-test line coverage for fault localisation (default true). */
  coverage?: boolean;
  /** The function under repair, when known (else: the function most tests call first). */
  target?: string;
  /** Priority of a candidate = passedWeight × fraction of tests its parent passes + log-confidence of its
   *  path (each edit's share of its proposer batch, summed) − depthPenalty × depth. Defaults 4 and 1. */
  passedWeight?: number;
  depthPenalty?: number;
  /** Hybrid only: the model's share of each state's proposal mass (default 0.15; mutations get the rest). */
  modelShare?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface SearchStats {
  /** Verifications on the visible tests (≤ budget.verifications). */
  verifications: number;
  /** Verifications on the hidden tests (0 or 1). */
  hiddenVerifications: number;
  /** States whose proposals were asked for. */
  expanded: number;
  /** Distinct codes verified. */
  uniqueStates: number;
  /** Proposals skipped because their code had already been verified or was in flight. */
  duplicates: number;
  proposals: number;
  /** Model tokens the search spent (prompt evaluated + generated, every sample counted; 0 without a model). */
  tokens: number;
  /** Verifications that hit a time limit (the whole run, or one of its tests). */
  timeouts: number;
  ms: number;
  solved: boolean;
  solvedVisible: boolean;
  /** Present only when hiddenTests were given. */
  solvedHidden?: boolean;
  stop: "solved" | "budget" | "time" | "exhausted" | "aborted";
}

export interface SearchResult {
  trace: Trace;
  stats: SearchStats;
  /** 'edits-test-helper' when the path edits a function the tests call other than the one under repair. */
  flags: string[];
}

interface Candidate {
  parent: Node;
  proposal: Proposal;
  code: string;
  /** Log-confidence of the path to this candidate (sum over its edits). */
  logp: number;
}
type Node = SearchNode & { state: SearchState; logp: number };

const hashCode = (code: string): string => createHash("sha1").update(code).digest("hex");

/** Turns one proposer's batch into log-confidences that sum to 1 in probability (comparable across proposers). */
function confidences(proposals: readonly Proposal[]): number[] {
  const weights = proposals.map((p) => (p.source === "model" ? p.score : Math.log(Math.max(p.score, 1e-9))));
  const max = Math.max(...weights);
  const log = Math.log(weights.reduce((s, w) => s + Math.exp(w - max), 0)) + max;
  return weights.map((w) => w - log);
}

export async function searchRepair(options: SearchRepairOptions): Promise<SearchResult> {
  const t0 = performance.now();
  const mode = options.mode ?? "hybrid";
  const proposers = options.proposers.filter((p) => mode === "hybrid" || p.source === mode);
  if (proposers.length === 0)
    throw new Error(
      `search mode '${mode}' has no proposer (given: ${options.proposers.map((p) => p.name).join(", ") || "none"})`,
    );
  const fileName = options.fileName ?? "solution.py";
  const header = options.header ?? { tests: testsText(options.tests) };
  const maxDepth = options.maxDepth ?? 3;
  const limit = options.proposalsPerState ?? 300;
  const concurrency = Math.max(1, options.concurrency ?? options.verifier.concurrency);
  const wPassed = options.passedWeight ?? 4;
  const wDepth = options.depthPenalty ?? 1;
  const modelShare = Math.min(1, Math.max(0, options.modelShare ?? 0.15));
  const stats: SearchStats = {
    verifications: 0,
    hiddenVerifications: 0,
    expanded: 0,
    uniqueStates: 0,
    duplicates: 0,
    proposals: 0,
    tokens: 0,
    timeouts: 0,
    ms: 0,
    solved: false,
    solvedVisible: false,
    stop: "exhausted",
  };
  // One controller for everything this search starts: caller abort, wall-clock limit, or solved.
  const inner = new AbortController();
  const onAbort = (): void => inner.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  let timedOut = false;
  const timer =
    options.budget.ms !== undefined
      ? setTimeout(() => ((timedOut = true), inner.abort()), options.budget.ms)
      : undefined;
  const fraction = (v: Verdict): number => (v.total > 0 && v.kind === "ok" ? v.passed / v.total : 0);

  const verify = async (code: string): Promise<Verdict> => {
    stats.verifications++;
    const started = performance.now();
    // A signal per verification, so verifiers can hold listeners on it without piling them on one signal.
    const own = new AbortController();
    const relay = (): void => own.abort();
    inner.signal.addEventListener("abort", relay, { once: true });
    try {
      const v = await options.verifier.verify({
        code,
        tests: options.tests,
        fileName,
        timeoutMs: options.timeoutMs,
        coverage: options.coverage ?? true,
        signal: own.signal,
      });
      if (v.kind === "timeout" || v.tests.some((t) => t.status === "timeout")) stats.timeouts++;
      return v;
    } catch (err) {
      return {
        kind: "crash",
        passed: 0,
        total: 0,
        tests: [],
        detail: String((err as Error)?.message ?? err),
        ms: performance.now() - started,
      };
    } finally {
      inner.signal.removeEventListener("abort", relay);
    }
  };
  const makeNode = (code: string, verdict: Verdict, ms: number, parent?: Node, proposal?: Proposal, logp = 0): Node => {
    const lines = splitLines(code);
    const rendered = renderState(lines, verdict);
    const path = parent ? [...parent.state.path, proposal!.command] : [];
    const state: SearchState = {
      id: stats.uniqueStates++,
      code,
      lines,
      verdict,
      rendered,
      path,
      depth: path.length,
      context: {
        header,
        states: parent ? [...parent.state.context.states, rendered] : [rendered],
        commands: parent ? [...parent.state.context.commands, printCommand(proposal!.command)] : [],
      },
    };
    return {
      code,
      verdict,
      command: proposal?.command,
      parent,
      depth: path.length,
      tokens: proposal?.tokens ?? 0,
      ms,
      state,
      logp,
    };
  };

  let best: Node | undefined;
  let winner: Node | undefined;
  const seen = new Set<string>();
  const frontier = new PriorityQueue<Node>();
  const candidates = new PriorityQueue<Candidate>();
  // A state's key bounds its children's: they add one edit (depth) and a log-confidence ≤ 0.
  const stateKey = (n: Node): number => wPassed * fraction(n.verdict) + n.logp - wDepth * n.depth;
  const accept = (node: Node): void => {
    if (!best || fraction(node.verdict) > fraction(best.verdict)) best = node;
    if (isSolved(node.verdict)) winner ??= node;
    // The initial state is always expanded (a bug may well be a syntax error or a hang); later states
    // only when their tests ran: a mutation that broke the syntax or hangs is not worth building on.
    else if (
      (node.depth === 0 && node.verdict.kind !== "notests") ||
      (node.verdict.kind === "ok" && node.depth < maxDepth)
    )
      frontier.push(node, stateKey(node));
  };
  // Hybrid as a mixture of experts: each proposer's batch is a distribution over edits; they are
  // mixed with weights (the model gets `modelShare` of the mass when mutations are proposed too) and
  // an edit proposed by several proposers adds up its mass, so agreement ranks it higher. A
  // proposer alone keeps its own ranking, so 'mutate' and 'model' modes are unchanged.
  const expand = async (node: Node): Promise<void> => {
    stats.expanded++;
    const batches: { proposer: Proposer; batch: Proposal[] }[] = [];
    for (const proposer of proposers) {
      if (inner.signal.aborted) return;
      const batch = await proposer.propose(node.state, { limit, signal: inner.signal }).catch((err: unknown) => {
        if (!inner.signal.aborted) emit(`${proposer.name} failed: ${String((err as Error)?.message ?? err)}`);
        return [] as Proposal[];
      });
      if (proposer.tokensSpent === undefined) stats.tokens += batch.reduce((n, p) => n + (p.tokens ?? 0), 0);
      if (batch.length > 0) batches.push({ proposer, batch });
    }
    const sources = new Set(batches.map((b) => b.proposer.source));
    const share = (source: Proposer["source"]): number =>
      sources.size < 2 ? 1 / batches.length : source === "model" ? modelShare : 1 - modelShare;
    const merged = new Map<string, { proposal: Proposal; code: string; mass: number }>();
    for (const { proposer, batch } of batches) {
      const conf = confidences(batch);
      const weight = share(proposer.source) / batches.filter((b) => b.proposer.source === proposer.source).length;
      batch.forEach((proposal, i) => {
        const applied = applyCommand(node.state.lines, proposal.command);
        if (!applied.ok) return;
        stats.proposals++;
        const code = joinLines(applied.lines);
        const entry = merged.get(code);
        const mass = weight * Math.exp(conf[i]!);
        if (entry) entry.mass += mass;
        else merged.set(code, { proposal, code, mass });
      });
    }
    for (const { proposal, code, mass } of merged.values()) {
      const logp = Math.log(mass);
      candidates.push({ parent: node, proposal, code, logp: node.logp + logp }, stateKey(node) - wDepth + logp);
    }
  };

  const budget = options.budget.verifications;
  const emit = (text: string): void => options.onProgress?.({ type: "message", text });
  const spentBefore = proposers.map((p) => p.tokensSpent ?? 0);
  // One 'search' event per finished test run, after the search took the result in.
  let testRuns = 0;
  let total = 0;
  const reportRun = (node: Node): void => {
    testRuns++;
    total = Math.max(total, node.verdict.total);
    options.onProgress?.({
      type: "search",
      testRuns,
      budget,
      bestPassed: best?.verdict.kind === "ok" ? best.verdict.passed : 0,
      total,
      frontier: frontier.size,
      queued: candidates.size,
      ...(node.command ? { command: printCommand(node.command) } : {}),
      verdict: { kind: node.verdict.kind, passed: node.verdict.passed, total: node.verdict.total },
    });
  };
  try {
    if (budget >= 1 && !inner.signal.aborted) {
      seen.add(hashCode(options.code));
      const started = performance.now();
      const initial = await verify(options.code);
      const root = makeNode(options.code, initial, performance.now() - started);
      options.onProgress?.({ type: "start", rollouts: 1, initial });
      accept(root);
      reportRun(root);
    }
    const inFlight = new Map<number, Promise<{ id: number; node: Node }>>();
    // Resolves when the search is aborted, so a verifier slow to honour the signal cannot hold the search past its time.
    const aborted = new Promise<undefined>((resolve) => {
      if (inner.signal.aborted) resolve(undefined);
      inner.signal.addEventListener("abort", () => resolve(undefined), { once: true });
    });
    let nextId = 0;
    while (!winner && !inner.signal.aborted) {
      // Fill the verification slots with the most promising unseen candidates.
      while (inFlight.size < concurrency && stats.verifications < budget && !inner.signal.aborted) {
        // Expand a state first when its children could outrank every queued candidate.
        while (frontier.size > 0 && (candidates.size === 0 || frontier.peekKey()! - wDepth >= candidates.peekKey()!))
          await expand(frontier.pop()!);
        const c = candidates.pop();
        if (!c) break;
        const h = hashCode(c.code);
        if (seen.has(h)) {
          stats.duplicates++;
          continue;
        }
        seen.add(h);
        const id = nextId++;
        const started = performance.now();
        inFlight.set(
          id,
          verify(c.code).then((verdict) => ({
            id,
            node: makeNode(c.code, verdict, performance.now() - started, c.parent, c.proposal, c.logp),
          })),
        );
      }
      if (inFlight.size === 0) break;
      const done = await Promise.race([...inFlight.values(), aborted]);
      if (!done || inner.signal.aborted) break;
      const { id, node } = done;
      inFlight.delete(id);
      accept(node);
      reportRun(node);
    }
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    inner.abort(); // verifications still in flight are no longer wanted
  }

  stats.solved = stats.solvedVisible = winner !== undefined;
  stats.stop = winner
    ? "solved"
    : options.signal?.aborted
      ? "aborted"
      : timedOut
        ? "time"
        : stats.verifications >= budget
          ? "budget"
          : "exhausted";
  const end = winner ?? best;
  if (options.hiddenTests) {
    stats.solvedHidden = false;
    if (winner && !options.signal?.aborted) {
      stats.hiddenVerifications++;
      const hidden = await options.verifier
        .verify({
          code: winner.code,
          tests: options.hiddenTests,
          fileName,
          timeoutMs: options.timeoutMs,
          signal: options.signal,
        })
        .catch(() => undefined);
      stats.solvedHidden = hidden !== undefined && isSolved(hidden);
    }
  }
  proposers.forEach((p, i) => (stats.tokens += (p.tokensSpent ?? 0) - spentBefore[i]!));
  stats.ms = performance.now() - t0;
  const model = proposers.map((p) => p.name).join("+");
  const initialNode: Node =
    end ??
    makeNode(
      options.code,
      { kind: "notests", passed: 0, total: 0, tests: [], detail: "not verified (no budget)", ms: 0 },
      0,
    );
  const trace = buildTrace({
    node: initialNode,
    file: fileName,
    model,
    stop: winner ? "exit" : stats.stop === "aborted" ? "aborted" : "max-turns",
    ms: stats.ms,
  });
  // The steps carry the tokens of the proposals on the path; the trace, like a rollout's, what the model cost in all.
  trace.tokens = Math.max(trace.tokens, stats.tokens);
  const flags = winner ? pathFlags(winner, options.tests, options.target) : [];
  options.onProgress?.({ type: "rollout-end", rollout: 0, trace });
  return { trace, stats, flags };
}
