import { createReadStream, promises as fs } from "node:fs";
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { withFileLock } from "./fileLock.js";
import { recordError, type RepairRecord } from "./validateRecord.js";
import { episodesToSft, type ExportSftOptions, type ExportSftResult } from "./exportSft.js";

export type { RepairRecord, RepairSource, RepairOutcome } from "./validateRecord.js";

/** A record to append: id and time are filled in when missing. */
export type NewRepairRecord = Omit<RepairRecord, "id" | "time"> & { id?: string; time?: string };

/** A line of the file that was skipped on read (1-based line number). */
export interface DatasetWarning {
  line: number;
  message: string;
}

export interface DatasetReadResult {
  records: RepairRecord[];
  warnings: DatasetWarning[];
}

export interface DatasetStoreOptions {
  /** The folder holding the dataset (the CLI and the extension choose it). Created on first append. */
  dir: string;
  /** Default "repairs.jsonl". */
  fileName?: string;
  /** How long an append waits for the lock (default 10 s). */
  lockTimeoutMs?: number;
  /** Age after which a lock file is considered abandoned (default 30 s). */
  staleLockMs?: number;
}

/**
 * The local dataset of repairs (DESIGN §6): JSON Lines, one RepairRecord per line.
 *
 * Appends: each record is serialised to one line (JSON escapes every newline inside it) and
 * written with a single buffered write to a file opened O_APPEND, then fsync'd, all while holding
 * a lock file (see fileLock.ts for why a lock and not O_APPEND alone). If the file does not end in
 * "\n" (a crash tore the last line) the append starts with "\n", so a new record is never glued
 * onto a torn one. Reads skip torn or invalid lines and report them as warnings; nothing is fatal.
 */
export class DatasetStore {
  readonly path: string;
  readonly lockPath: string;
  private readonly options: DatasetStoreOptions;
  private disposed = false;

  constructor(options: DatasetStoreOptions) {
    this.options = options;
    this.path = join(options.dir, options.fileName ?? "repairs.jsonl");
    this.lockPath = `${this.path}.lock`;
  }

  /** Validates and appends one record; returns it with id and time filled in. */
  async append(record: NewRepairRecord, options: { signal?: AbortSignal } = {}): Promise<RepairRecord> {
    this.checkOpen();
    const full = {
      ...record,
      id: record.id ?? randomUUID(),
      time: record.time ?? new Date().toISOString(),
    } as RepairRecord;
    const problem = recordError(full);
    if (problem) throw new Error(`invalid dataset record: ${problem}`);
    const line = JSON.stringify(full) + "\n";
    await fs.mkdir(dirname(this.path), { recursive: true });
    await withFileLock(
      this.lockPath,
      async () => {
        const fh = await fs.open(this.path, "a+");
        try {
          const { size } = await fh.stat();
          let prefix = "";
          if (size > 0) {
            const last = Buffer.alloc(1);
            await fh.read(last, 0, 1, size - 1);
            if (last[0] !== 0x0a) prefix = "\n";
          }
          await fh.writeFile(prefix + line, "utf8");
          await fh.sync();
        } finally {
          await fh.close();
        }
      },
      { timeoutMs: this.options.lockTimeoutMs, staleMs: this.options.staleLockMs, signal: options.signal },
    );
    return full;
  }

  /** Reads every valid record in file order; torn, non-JSON or invalid lines become warnings. */
  async read(options: { signal?: AbortSignal } = {}): Promise<DatasetReadResult> {
    this.checkOpen();
    const records: RepairRecord[] = [];
    const warnings: DatasetWarning[] = [];
    try {
      await fs.access(this.path);
    } catch {
      return { records, warnings };
    }
    const rl = createInterface({ input: createReadStream(this.path, { encoding: "utf8" }), crlfDelay: Infinity });
    let n = 0;
    try {
      for await (const text of rl) {
        n++;
        options.signal?.throwIfAborted();
        if (text.trim() === "") continue;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          warnings.push({ line: n, message: `not JSON (torn or corrupt line, ${text.length} chars): skipped` });
          continue;
        }
        const problem = recordError(value);
        if (!problem) {
          records.push(value as RepairRecord);
          continue;
        }
        // Bad rank data does not cost the repair: keep the record without them.
        const { rank: _rank, ...bare } = value as Record<string, unknown>;
        if (_rank !== undefined && !recordError(bare)) {
          warnings.push({ line: n, message: `invalid rank data: ${problem}: kept the repair without them` });
          records.push(bare as unknown as RepairRecord);
        } else warnings.push({ line: n, message: `invalid record: ${problem}: skipped` });
      }
    } finally {
      rl.close();
    }
    return { records, warnings };
  }

  /**
   * Exports the dataset to the usual SFT chat format, one {"messages": [{role, content}, ...]}
   * per line (plus "rank" for records with rank data, see episodesToSft), written to options.out atomically (temporary file, then rename). The messages come
   * from formatChat, the one formatter, so they match what the model sees at inference.
   */
  async exportSft(
    options: ExportSftOptions & { out: string },
  ): Promise<ExportSftResult & { path: string; warnings: DatasetWarning[] }> {
    this.checkOpen();
    const { records, warnings } = await this.read({ signal: options.signal });
    const result = await episodesToSft(records, options);
    const tmp = `${options.out}.${process.pid}.${randomUUID()}.tmp`;
    await fs.mkdir(dirname(options.out), { recursive: true });
    await fs.writeFile(tmp, result.lines.map((l) => l + "\n").join(""), "utf8");
    await fs.rename(tmp, options.out);
    return { ...result, warnings, path: options.out };
  }

  /** The store holds no open handles between calls; dispose only marks it closed. */
  async dispose(): Promise<void> {
    this.disposed = true;
  }

  private checkOpen(): void {
    if (this.disposed) throw new Error("DatasetStore is disposed");
  }
}
