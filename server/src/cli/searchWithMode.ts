import { DatasetStore, recordFromTrace } from "../core/dataset/index.js";
import type { Policy } from "../core/model/Policy.js";
import type { Verifier } from "../core/python/Verifier.js";
import { ModelProposer } from "../core/search/ModelProposer.js";
import { MutationProposer } from "../core/search/MutationProposer.js";
import type { Proposer } from "../core/search/Proposer.js";
import { searchRepair, type SearchMode, type SearchResult } from "../core/search/searchRepair.js";
import { testsAsText } from "../core/loop/index.js";
import type { ProgressListener, TestSource, Trace, Verdict } from "../core/types.js";
import { UsageError } from "./UsageError.js";

/** --mode: model (rollouts only), mutate (no model), hybrid (both; the default when a model is there). */
export function parseMode(raw: unknown, haveModel: boolean): SearchMode {
  const mode = raw === undefined ? (haveModel ? "hybrid" : "mutate") : String(raw);
  if (mode !== "model" && mode !== "mutate" && mode !== "hybrid")
    throw new UsageError(`--mode must be model, mutate or hybrid (got ${mode})`);
  return mode;
}

export interface SearchWithModeOptions {
  code: string;
  tests: TestSource;
  verifier: Verifier;
  mode: SearchMode;
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
  onProgress?: ProgressListener;
}

/** The verified search with the proposers the mode asks for; the result looks like repair()'s. */
export async function searchWithMode(
  options: SearchWithModeOptions,
): Promise<SearchResult & { initial: Verdict; best: Trace; traces: Trace[]; ms: number }> {
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
      mode: options.mode,
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

/** Appends a solved repair to the local dataset (train on my fixes). */
export async function recordRepair(
  dir: string,
  r: { file: string; code: string; tests: TestSource; trace: Trace; source: "accepted" | "search"; model: string },
): Promise<void> {
  const store = new DatasetStore({ dir });
  try {
    await store.append(recordFromTrace({ ...r, source: r.source }));
  } finally {
    await store.dispose();
  }
}
