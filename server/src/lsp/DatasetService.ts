import { basename } from "node:path";
import { ErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import { diffToTrace, type RepairRecord } from "../core/dataset/index.js";
import { applyCommand, joinLines, printCommand, splitLines } from "../core/dsl/index.js";
import { unifiedDiff } from "../core/loop/unifiedDiff.js";
import type { Trace, TraceStep } from "../core/types.js";
import type {
  DatasetDeleteParams,
  DatasetDeleteResult,
  DatasetEntry,
  DatasetListResult,
  DatasetRecordParams,
  DatasetRecordResult,
} from "../protocol.js";
import type { ServerEngine } from "./ServerEngine.js";

/**
 * coe/datasetList, coe/datasetRecord and coe/datasetDelete: the local dataset as the editor shows it
 * ("Open Repair Dataset", "Show Repair Trace"). Deleting rewrites the file atomically under the
 * dataset's lock (DatasetStore.delete), so appends made meanwhile are kept.
 */
export class DatasetService {
  constructor(private readonly engine: ServerEngine) {}

  async list(): Promise<DatasetListResult> {
    const store = this.engine.dataset();
    try {
      const { records, warnings } = await store.read();
      const entries = records.map(toEntry).sort((a, b) => b.time.localeCompare(a.time));
      return { path: store.path, entries, skipped: warnings.length };
    } finally {
      await store.dispose();
    }
  }

  async record(params: DatasetRecordParams): Promise<DatasetRecordResult> {
    const rec = await this.find(params?.id);
    return { entry: toEntry(rec), trace: rec.trace ?? handFixTrace(rec) };
  }

  async delete(params: DatasetDeleteParams): Promise<DatasetDeleteResult> {
    const ids = params?.ids;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === "string"))
      throw new ResponseError(ErrorCodes.InvalidParams, "ids must be a non-empty list of record ids");
    const store = this.engine.dataset();
    try {
      const removed = await store.delete(ids);
      const missing = ids.filter((id) => !removed.includes(id));
      if (missing.length > 0 && removed.length === 0)
        throw new ResponseError(ErrorCodes.InvalidParams, `no dataset record with id ${missing.join(", ")}`);
      const { records } = await store.read();
      return { removed, remaining: records.length };
    } finally {
      await store.dispose();
    }
  }

  private async find(id: unknown): Promise<RepairRecord> {
    if (typeof id !== "string" || id === "") throw new ResponseError(ErrorCodes.InvalidParams, "id must be a string");
    const store = this.engine.dataset();
    try {
      const rec = (await store.read()).records.find((r) => r.id === id);
      if (!rec) throw new ResponseError(ErrorCodes.InvalidParams, `no dataset record with id ${id} (deleted?)`);
      return rec;
    } finally {
      await store.dispose();
    }
  }
}

/** The list row of a record. */
export function toEntry(r: RepairRecord): DatasetEntry {
  const a = splitLines(r.before);
  const b = splitLines(r.after);
  let same = 0;
  while (same < a.length && same < b.length && a[same] === b[same]) same++;
  let tail = 0;
  while (tail < a.length - same && tail < b.length - same && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return {
    id: r.id,
    time: r.time,
    file: r.file,
    source: r.source,
    model: r.model,
    solved: r.outcome.solved,
    steps: r.trace?.steps.length ?? 0,
    linesChanged: Math.max(a.length, b.length) - same - tail,
    bytes: Buffer.byteLength(JSON.stringify(r)) + 1,
  };
}

/** A hand fix has no trace: replay its diff as the DSL commands that make it (diffToTrace). */
function handFixTrace(r: RepairRecord): Trace {
  let lines = splitLines(r.before);
  const steps: TraceStep[] = [];
  for (const command of diffToTrace(r.before, r.after)) {
    const before = joinLines(lines);
    const applied = applyCommand(lines, command);
    if (applied.ok) lines = applied.lines;
    const code = joinLines(lines);
    const last = command.op === "EXIT";
    steps.push({
      command: printCommand(command),
      code,
      diff: unifiedDiff(before, code, basename(r.file)),
      passed: last ? r.outcome.passed : 0,
      total: last ? r.outcome.total : 0,
      reward: 0,
      tokens: 0,
      ms: 0,
    });
  }
  return {
    file: basename(r.file),
    model: r.model,
    solved: r.outcome.solved,
    initialCode: r.before,
    initialPassed: 0,
    initialTotal: r.outcome.total,
    finalCode: r.after,
    steps,
    reward: 0,
    partial: r.outcome.total > 0 ? r.outcome.passed / r.outcome.total : 0,
    tokens: 0,
    ms: 0,
    stop: "exit",
  };
}
