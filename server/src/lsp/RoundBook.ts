import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { RoundInfo } from "../protocol.js";

/** What rounds.json holds. */
export interface RoundBookData {
  rounds: RoundInfo[];
  /** The promoted round in use ("" = the base model). */
  current: string;
  /** The model before any round (what a rollback past the first round returns to). */
  base: string;
  /** Accepted fixes in the dataset when the last round started (the next round waits for N more). */
  acceptedAtLastRound: number;
}

/**
 * The bookkeeping of background training rounds, self-contained in the language server:
 * <storage>/rounds/rounds.json (id, parent, model path, evaluations, promoted), written atomically
 * (temporary file, then rename). Minimal on purpose: when core/rounds lands (versioned rounds with
 * promote / rollback for the CLI too) this file is the one to replace.
 */
export class RoundBook {
  readonly path: string;
  data: RoundBookData;

  constructor(storageDir: string) {
    this.path = join(storageDir, "rounds", "rounds.json");
    this.data = { rounds: [], current: "", base: "", acceptedAtLastRound: 0 };
    if (existsSync(this.path)) {
      try {
        this.data = { ...this.data, ...(JSON.parse(readFileSync(this.path, "utf8")) as Partial<RoundBookData>) };
      } catch {
        // A corrupt book starts over (the models themselves stay on disk).
      }
    }
  }

  get(id: string): RoundInfo | undefined {
    return this.data.rounds.find((r) => r.id === id);
  }

  /** The model a round stands for ("" = base). */
  modelOf(id: string): string {
    return id === "" ? this.data.base : (this.get(id)?.model ?? this.data.base);
  }

  add(round: Omit<RoundInfo, "id">): RoundInfo {
    const full = { id: `r${this.data.rounds.length + 1}-${randomUUID().slice(0, 6)}`, ...round };
    this.data.rounds.push(full);
    if (full.promoted) this.data.current = full.id;
    this.save();
    return full;
  }

  /** Back to the parent of the current round; returns the model to load, or undefined at the base. */
  rollback(): string | undefined {
    const cur = this.get(this.data.current);
    if (!cur) return undefined;
    this.data.current = cur.parent;
    this.save();
    return this.modelOf(cur.parent);
  }

  save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data, null, 2) + "\n", "utf8");
    renameSync(tmp, this.path);
  }
}
