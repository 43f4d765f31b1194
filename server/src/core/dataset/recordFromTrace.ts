import type { RankRecord } from "../search/RankRecord.js";
import type { TestSource, Trace } from "../types.js";
import type { NewRepairRecord } from "./DatasetStore.js";

/** The dataset record of a repair a model or the search made (DESIGN §6), from its trace (+ rank records). */
export function recordFromTrace(options: {
  source: "accepted" | "search";
  file: string;
  code: string;
  tests: TestSource;
  trace: Trace;
  model: string;
  /** The search's rank records (SearchResult.rankRecords); kept when there are any. */
  rank?: readonly RankRecord[];
}): NewRepairRecord {
  const { trace } = options;
  const last = trace.steps.at(-1);
  return {
    source: options.source,
    file: options.file,
    before: options.code,
    after: trace.finalCode,
    tests: options.tests,
    trace,
    model: options.model,
    outcome: {
      solved: trace.solved,
      passed: last?.passed ?? trace.initialPassed,
      total: last?.total ?? trace.initialTotal,
    },
    ...(options.rank && options.rank.length > 0 ? { rank: [...options.rank] } : {}),
  };
}
