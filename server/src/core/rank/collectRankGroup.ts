import { printCommand } from "../dsl/index.js";
import type { Verifier } from "../python/Verifier.js";
import { testsAsText } from "../tool/index.js";
import { isSolved, type TestSource, type Verdict } from "../types.js";
import { testLiterals } from "../search/editPenalties.js";
import { mixProposals, type ProposerBatch } from "../search/mixProposals.js";
import { MutationProposer } from "../search/MutationProposer.js";
import { makeSearchState, type Proposer } from "../search/Proposer.js";
import type { CommandScorer } from "../search/rankCandidates.js";
import type { CodeNgram } from "./CodeNgram.js";
import { rankFeatures } from "./rankFeatures.js";
import type { RankGroup } from "./RankGroup.js";

export interface CollectRankGroupOptions {
  id: string;
  code: string;
  /** The tests the search may see (snippets of a suite, or a dataset record's own tests). */
  tests: TestSource;
  /** Tests held back: a candidate that passes the visible ones is checked on these (over-fitting). */
  hidden?: TestSource;
  verifier: Verifier;
  description?: string;
  /** The code n-gram of the naturalness features (rankFeatures); its name is kept in the group. */
  ngram?: CodeNgram;
  /** Scores every candidate's command (raw log-likelihood, kept for fitting the model term). */
  scorer?: CommandScorer;
  /** The file name the code runs as (pytest tests import it by name; default solution.py). */
  fileName?: string;
  /** Per test run (default 2000 ms): each candidate of a hanging bug costs this much. */
  timeoutMs?: number;
  /**
   * The model as a proposer (ModelProposer) and the model's name: its samples join the mutation
   * candidates, mixed with the search's model share, so the fit learns what this model's samples are
   * worth (feature `sample`); the group records the name (`samples`). Sampling stops on `signal`.
   */
  sampler?: { proposer: Proposer; model: string };
  /** The model's share of the proposal mass (default 0.15, as in the search). */
  modelShare?: number;
  /** At most this many candidates (the search's proposalsPerState, default 300). */
  limit?: number;
  signal?: AbortSignal;
}

/**
 * Training data for the learned ranker, exhaustively: every mutation candidate of a task's initial
 * state with its features (rankFeatures, as the search computes them), optionally the model's raw
 * log-likelihood of its command, and what the tests said of it (every candidate is verified: exact
 * labels, not only the ones some earlier ranker chose to try). Returns undefined when the code already
 * passes, its tests do not run or it hangs.
 */
export async function collectRankGroup(options: CollectRankGroupOptions): Promise<RankGroup | undefined> {
  const { verifier, signal } = options;
  const timeoutMs = options.timeoutMs ?? 2000;
  const fileName = options.fileName ?? "solution.py";
  const verify = (code: string, tests: TestSource, coverage = false): Promise<Verdict> =>
    verifier.verify({ code, tests, fileName, coverage, signal, timeoutMs });
  const root = await verify(options.code, options.tests, true);
  // A hanging initial state is left out: nearly every candidate would hang too, at timeoutMs each.
  if (isSolved(root) || root.kind === "notests" || root.kind === "timeout") return undefined;
  const header = {
    ...(options.description ? { description: options.description } : {}),
    tests: testsAsText(options.tests),
  };
  const state = makeSearchState({ id: 0, code: options.code, verdict: root, header });
  const lines = state.lines;
  const proposer = new MutationProposer();
  const limit = options.limit ?? 300;
  const batches: ProposerBatch[] = [{ proposer, batch: await proposer.propose(state, { limit, signal }) }];
  const sampler = options.sampler?.proposer;
  if (sampler) batches.push({ proposer: sampler, batch: await sampler.propose(state, { limit, signal }) });
  if (signal?.aborted) throw new Error("aborted");
  const { mixed } = mixProposals(lines, batches, options.modelShare ?? 0.15);
  const features = rankFeatures(state, mixed, testLiterals(header.tests), options.ngram);
  const commands = mixed.map((m) => printCommand(m.proposal.command));
  const lm = options.scorer
    ? (await options.scorer.scoreCommands(state.context, commands, { signal })).map((s) => s.logprob)
    : undefined;
  const verdicts: Verdict[] = new Array<Verdict>(mixed.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < mixed.length && !signal?.aborted; i = next++)
      verdicts[i] = await verify(mixed[i]!.code, options.tests);
  };
  await Promise.all(Array.from({ length: Math.max(1, verifier.concurrency) }, worker));
  if (signal?.aborted) throw new Error("aborted");
  // Tests in all: one per snippet, else what the runs counted (the initial state's is 0 when it does not compile).
  const total =
    options.tests.kind === "snippets"
      ? options.tests.snippets.length
      : Math.max(root.total, ...verdicts.map((v) => (v.kind === "ok" ? v.total : 0)));
  const hiddenTests = options.hidden;
  const candidates = [];
  for (let i = 0; i < mixed.length; i++) {
    const v = verdicts[i]!;
    const solved = isSolved(v) && v.total === total;
    const hidden = solved && hiddenTests ? isSolved(await verify(mixed[i]!.code, hiddenTests)) : undefined;
    candidates.push({
      command: commands[i]!,
      x: features[i]!,
      ...(lm ? { lm: lm[i]! } : {}),
      passed: v.kind === "ok" ? v.passed : 0,
      kind: v.kind,
      ...(hidden !== undefined ? { hidden } : {}),
    });
  }
  const rootPassed = root.kind === "ok" ? root.passed : 0;
  return {
    id: options.id,
    rootPassed,
    total,
    candidates,
    ...(options.ngram ? { ngram: options.ngram.name } : {}),
    ...(options.sampler ? { samples: options.sampler.model } : {}),
  };
}
