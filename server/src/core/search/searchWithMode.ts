import type { Policy } from "../model/Policy.js";
import type { Verifier } from "../python/Verifier.js";
import type { RepairMode } from "../solve/RepairMode.js";
import { testsAsText } from "../tool/testsAsText.js";
import type { ProgressListener, TestSource, Trace, Verdict } from "../types.js";
import { ModelProposer } from "./ModelProposer.js";
import { MutationProposer } from "./MutationProposer.js";
import type { Proposer } from "./Proposer.js";
import { searchRepair } from "./searchRepair.js";
import type { SearchResult } from "./SearchRepairOptions.js";

export interface SearchWithModeOptions {
  code: string;
  tests: TestSource;
  verifier: Verifier;
  /** A search mode (RepairMode, DESIGN §9): "model" means rollouts, which solveRepair runs instead. */
  mode: Exclude<RepairMode, "model">;
  /** The model for 'hybrid' and 'ranked'; without it the search uses mutations only. */
  policy?: Policy;
  /** Model samples per expanded state. */
  samples: number;
  /** Test runs allowed. */
  budget: number;
  /** Wall-clock budget in ms (default 120 s). */
  ms?: number;
  fileName?: string;
  timeoutMs?: number;
  description?: string;
  signal?: AbortSignal;
  /** Every event of the search: start, one 'search' event per test run, the final rollout-end. */
  onProgress?: ProgressListener;
}

export type SearchWithModeResult = SearchResult & { initial: Verdict; best: Trace; traces: Trace[]; ms: number };

/**
 * The verified search with the proposers a mode asks for (mutations always, the model in 'hybrid' and
 * 'ranked' when a policy is given); the result has repair()'s shape (initial, best, traces, ms), so
 * solveRepair (core/solve) treats model rollouts and the search alike.
 */
export async function searchWithMode(options: SearchWithModeOptions): Promise<SearchWithModeResult> {
  const proposers: Proposer[] = [new MutationProposer()];
  let model: ModelProposer | undefined;
  if (options.mode !== "mutate" && options.policy) {
    model = new ModelProposer({ policy: options.policy, samples: options.samples });
    proposers.push(model);
  }
  let initial: Verdict | undefined;
  try {
    const r = await searchRepair({
      code: options.code,
      tests: options.tests,
      verifier: options.verifier,
      proposers,
      budget: { verifications: options.budget, ms: options.ms ?? 120_000 },
      header: {
        ...(options.description ? { description: options.description } : {}),
        tests: testsAsText(options.tests),
      },
      ...(options.fileName ? { fileName: options.fileName } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      signal: options.signal,
      onProgress: (e) => {
        if (e.type === "start") initial = e.initial;
        options.onProgress?.(e);
      },
    });
    const init = initial ??
      r.trace.initialVerdict ?? {
        kind: "ok",
        passed: r.trace.initialPassed,
        total: r.trace.initialTotal,
        tests: [],
        ms: 0,
      };
    return { ...r, initial: init, best: r.trace, traces: [r.trace], ms: r.stats.ms };
  } finally {
    await model?.dispose();
  }
}
