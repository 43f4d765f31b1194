import { createHash } from "node:crypto";
import { isSolved, type TestSource, type Verdict } from "../types.js";
import { mixProposals, type ProposerBatch } from "./mixProposals.js";
import { makeSearchState, type Proposal } from "./Proposer.js";
import { SearchFrontier, type FrontierNode } from "./SearchFrontier.js";
import { testsAsText } from "../tool/testsAsText.js";
import { buildTrace, passesHidden, pathFlags } from "./searchTrace.js";
import { SearchRanking } from "./SearchRanking.js";
import { DEFAULT_RANK_WEIGHTS } from "./rankCandidates.js";
import { testLiterals } from "./editPenalties.js";
import type { SearchRepairOptions, SearchResult, SearchStats } from "./SearchRepairOptions.js";
import { ProbeGate } from "./ProbeGate.js";
import { SearchReporter } from "./SearchReporter.js";

const hashCode = (code: string): string => createHash("sha1").update(code).digest("hex");

/**
 * Verified best-first search over tool states (the repair loop as search). Proposers (the model,
 * the mutation operators, or both) suggest DSL commands for a state; each new code is verified by
 * the tests once (states are deduplicated by a hash of their code); states are ranked by tests
 * passing, then proposer confidence, minus a depth penalty (SearchFrontier; the proposers' batches
 * are mixed by mixProposals; in the 'ranked' mode every candidate is scored by the model and the
 * frontier orders by one combined score: SearchRanking, rankCandidates, docs/ranking.md). The search
 * stops at the first state that passes every test (with `probe`, and that the generalisation probe
 * does not keep aside: ProbeGate, docs/probe.md) and returns the path to it as an ordinary trace
 * ending with EXIT.
 */
export async function searchRepair(options: SearchRepairOptions): Promise<SearchResult> {
  const t0 = performance.now();
  const proposers = options.proposers;
  if (proposers.length === 0) throw new Error("the search has no proposer");
  const mode = options.ranked ? "ranked" : "unranked";
  const fileName = options.fileName ?? "solution.py";
  const header = options.header ?? { tests: testsAsText(options.tests) };
  const maxDepth = options.maxDepth ?? 3;
  const limit = options.proposalsPerState ?? 300;
  const concurrency = Math.max(1, options.concurrency ?? options.verifier.concurrency);
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
  const verify = async (
    code: string,
    tests: TestSource = options.tests,
    timeoutMs = options.timeoutMs,
  ): Promise<Verdict> => {
    stats.verifications++;
    const started = performance.now();
    // A signal per verification, so verifiers can hold listeners on it without piling them on one signal.
    const own = new AbortController();
    const relay = (): void => own.abort();
    inner.signal.addEventListener("abort", relay, { once: true });
    try {
      const v = await options.verifier.verify({
        code,
        tests,
        fileName,
        timeoutMs,
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
  const makeNode = (
    code: string,
    verdict: Verdict,
    ms: number,
    parent?: FrontierNode,
    proposal?: Proposal,
    logp = 0,
  ): FrontierNode => {
    const state = makeSearchState({
      id: stats.uniqueStates++,
      code,
      verdict,
      header,
      ...(parent ? { parent: parent.state, command: proposal!.command } : {}),
    });
    return {
      code,
      verdict,
      command: proposal?.command,
      parent,
      depth: state.depth,
      tokens: proposal?.tokens ?? 0,
      ms,
      state,
      logp,
    };
  };

  const seen = new Set<string>();
  const weights = { ...DEFAULT_RANK_WEIGHTS, ...options.rank };
  const frontier = new SearchFrontier({
    passedWeight: options.passedWeight ?? 4,
    depthPenalty: mode === "ranked" ? weights.depth : (options.depthPenalty ?? 1),
    maxDepth,
    tieBreak: mode === "ranked",
  });
  const ranking = new SearchRanking({
    ranked: mode === "ranked",
    weights,
    ...(options.ranker ? { ranker: options.ranker } : {}),
    ...(options.modelName ? { modelName: options.modelName } : {}),
    literals: testLiterals(testsAsText(options.tests)),
    ...(options.sampleGate === false ? { sampleGate: false } : {}),
    frontier,
    scorer: options.scorer,
    onError: (text) => emit(text),
  });
  const expand = async (node: FrontierNode): Promise<void> => {
    stats.expanded++;
    const batches: ProposerBatch[] = [];
    for (const proposer of proposers) {
      if (inner.signal.aborted) return;
      if (proposer.source === "model" && !ranking.drawsSamples(node)) continue;
      const batch = await proposer.propose(node.state, { limit, signal: inner.signal }).catch((err: unknown) => {
        if (!inner.signal.aborted) emit(`${proposer.name} failed: ${String((err as Error)?.message ?? err)}`);
        return [] as Proposal[];
      });
      if (proposer.tokensSpent === undefined) stats.tokens += batch.reduce((n, p) => n + (p.tokens ?? 0), 0);
      if (batch.length > 0) batches.push({ proposer, batch });
    }
    const { mixed, applied } = mixProposals(node.state.lines, batches, modelShare);
    stats.proposals += applied;
    frontier.addCandidates(node, mixed, ranking.scores(node, mixed), ranking.lazy);
  };

  const budget = options.budget.verifications;
  // A state that passes the tests but fails the generalisation probe is kept aside, not taken: the
  // search goes on, and returns it only when nothing better turns up (with the probe's warning).
  const probe = options.probe
    ? new ProbeGate({
        code: options.code,
        tests: options.tests,
        verify,
        ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
        onRun: (v, what) => reporter.run(v, { probe: what }),
      })
    : undefined;
  let start: Verdict | undefined; // the starting code's verdict, for the probe's coverage check
  const emit = (text: string): void => options.onProgress?.({ type: "message", text });
  const spentBefore = proposers.map((p) => p.tokensSpent ?? 0);
  const reporter = new SearchReporter({ onProgress: options.onProgress, budget, frontier, fileName });
  try {
    if (budget >= 1 && !inner.signal.aborted) {
      seen.add(hashCode(options.code));
      const started = performance.now();
      const initial = await verify(options.code);
      const root = makeNode(options.code, initial, performance.now() - started);
      start = initial;
      options.onProgress?.({ type: "start", rollouts: 1, initial });
      frontier.accept(root);
      ranking.verified(root);
      reporter.node(root);
    }
    const inFlight = new Map<number, Promise<{ id: number; node: FrontierNode }>>();
    // Resolves when the search is aborted, so a verifier slow to honour the signal cannot hold the search past its time.
    const aborted = new Promise<undefined>((resolve) => {
      if (inner.signal.aborted) resolve(undefined);
      inner.signal.addEventListener("abort", () => resolve(undefined), { once: true });
    });
    let nextId = 0;
    while (!frontier.winner && !inner.signal.aborted) {
      // Fill the verification slots with the most promising unseen candidates.
      while (inFlight.size < concurrency && stats.verifications < budget && !inner.signal.aborted) {
        // Expand a state first when its children could outrank every queued candidate.
        for (let next = frontier.nextToExpand(); next; next = frontier.nextToExpand()) await expand(next);
        const c = frontier.nextCandidate();
        if (!c) break;
        // Ranked: a candidate whose key still lacks the model term goes back with its exact key.
        const delta = await ranking.settle(c, inner.signal);
        if (delta !== undefined) {
          frontier.requeue(c, delta);
          continue;
        }
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
      if (probe && isSolved(node.verdict) && !inner.signal.aborted) {
        reporter.node(node); // its own run first; the probe's runs follow, each with its event
        const aside = await probe.keptAside(node, budget - stats.verifications, start);
        if (aside) emit(`kept aside: ${aside}`);
        else frontier.accept(node);
        ranking.verified(node);
      } else {
        frontier.accept(node);
        ranking.verified(node);
        reporter.node(node);
      }
    }
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
    inner.abort(); // verifications still in flight are no longer wanted
  }

  const suspect = probe?.fallback;
  const winner = frontier.winner ?? suspect?.node;
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
  const end = winner ?? frontier.best;
  if (options.hiddenTests) {
    stats.solvedHidden = false;
    if (winner && !options.signal?.aborted) {
      stats.hiddenVerifications++;
      stats.solvedHidden = await passesHidden(options, winner.code, fileName);
    }
  }
  proposers.forEach((p, i) => (stats.tokens += (p.tokensSpent ?? 0) - spentBefore[i]!));
  if (mode === "ranked") stats.tokens += (stats.ranking = ranking.summary()).tokens;
  stats.ms = performance.now() - t0;
  const model = proposers.map((p) => p.name).join("+");
  const initialNode: FrontierNode =
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
  if (winner && winner === suspect?.node) flags.push(`over-fitted? ${suspect.reason}`);
  if (probe) stats.probes = probe.runs;
  options.onProgress?.({ type: "rollout-end", rollout: 0, trace });
  return { trace, stats, flags, rankRecords: winner ? ranking.records(winner) : [] };
}
