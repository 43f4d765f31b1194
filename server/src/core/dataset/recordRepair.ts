import type { RankRecord } from "../search/RankRecord.js";
import type { TestSource, Trace } from "../types.js";
import { trainableError, type TaskOrigin } from "../eval/suitePolicy.js";
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
  /** When the task came from an evaluation suite: which one (checked against the suite policy). */
  origin?: TaskOrigin;
  /** The search's rank records (learning to rank, #10); stored with the repair when there are any. */
  rank?: readonly RankRecord[];
}

/** A repair refused by the suite policy: its task belongs to a suite that never trains. */
export class NotTrainableError extends Error {
  override readonly name = "NotTrainableError";
}

/**
 * Appends a repair to the local dataset (train on my fixes), opening and closing the store around it.
 * A task from a suite that is kept for measuring (core/eval/suitePolicy.ts) is refused here, for
 * every caller, before anything is written.
 */
export async function recordRepair(options: RecordRepairOptions): Promise<void> {
  const { dir, origin, ...record } = options;
  const refused = origin && trainableError(origin);
  if (refused) throw new NotTrainableError(`not recorded: ${refused}`);
  const store = new DatasetStore({ dir });
  try {
    await store.append(recordFromTrace(record));
  } finally {
    await store.dispose();
  }
}
