import type { RankRecord } from "../search/RankRecord.js";
import type { TestSource, Trace } from "../types.js";
import { DatasetStore } from "./DatasetStore.js";
import { recordFromTrace } from "./recordFromTrace.js";

export interface RecordRepairOptions {
  /** The dataset folder (DatasetStore's dir). */
  dir: string;
  /** The repaired file (path or a task's name). */
  file: string;
  /** The code before the repair. */
  code: string;
  tests: TestSource;
  trace: Trace;
  source: "accepted" | "search";
  model: string;
  /** The search's rank records (learning to rank, #10); stored with the repair when there are any. */
  rank?: readonly RankRecord[];
}

/** Appends a repair to the local dataset (train on my fixes), opening and closing the store around it. */
export async function recordRepair(options: RecordRepairOptions): Promise<void> {
  const { dir, ...record } = options;
  const store = new DatasetStore({ dir });
  try {
    await store.append(recordFromTrace(record));
  } finally {
    await store.dispose();
  }
}
