import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { appendLineSync } from "../dataset/appendLine.js";
import type { ModelChoice } from "../models/ModelConfig.js";
import type { PromotionDecision, RoundScores } from "./decidePromotion.js";
import type { DataSnapshot } from "./snapshotDataset.js";

/** One training round (round.json, written once, never changed): when a LoRA round starts, when an
 *  editor round (sft, rl) has been trained and judged. */
export interface RoundRecord {
  id: string;
  kind: "sft" | "rl" | "lora";
  created: string;
  /** The promoted round this one had to beat (null: the base model itself). */
  parent: string | null;
  /** The frozen base GGUF (lora) or the init model (sft, rl). */
  base: string;
  /** File name of the trained GGUF inside the round folder (adapter.gguf, coe-sft-round-*.gguf), or an
   *  absolute path for a round imported from an older version (its model stays where it was). */
  artifact: string;
  data: DataSnapshot;
  settings: Record<string, unknown>;
}

/** Scores of the round and of the model it would replace, on the same tasks. */
export interface RoundEval {
  candidate: RoundScores;
  baseline: RoundScores;
}

export interface RoundInfo {
  record: RoundRecord;
  dir: string;
  eval?: RoundEval;
  decision?: PromotionDecision;
  /** The round now in use (top of the promotion stack). */
  current: boolean;
  /** What could not be read of it (a torn eval.json or decision.json), when anything. */
  problem?: string;
}

/** promoted.json: the promotion stack; each entry remembers what was in use before it. */
interface PromotedFile {
  stack: { id: string; previous: ModelChoice }[];
}

/**
 * Versioned rounds in one folder: round-0001/, round-0002/, ... each with round.json, the trained
 * GGUF, eval.json and decision.json. Every file is created once (flag "wx"): a round is never
 * overwritten. promoted.json is the only file that changes (promote pushes, rollback pops), and
 * log.jsonl records every promotion and rollback.
 */
export class RoundStore {
  constructor(readonly dir: string) {}

  /** Creates the next round's folder and its round.json (`created`: now, unless an imported round has its own). */
  create(fields: Omit<RoundRecord, "id" | "created"> & { created?: string }): RoundInfo {
    const { created = new Date().toISOString(), ...rest } = fields;
    mkdirSync(this.dir, { recursive: true });
    for (let n = this.ids().length + 1; ; n++) {
      const id = `round-${String(n).padStart(4, "0")}`;
      const dir = join(this.dir, id);
      try {
        mkdirSync(dir); // fails when it exists: never reuse a round's folder
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EEXIST") continue;
        throw err;
      }
      const record: RoundRecord = { id, created, ...rest };
      writeFileSync(join(dir, "round.json"), JSON.stringify(record, null, 2) + "\n", { flag: "wx" });
      return { record, dir, current: false };
    }
  }

  artifactPath(round: RoundRecord): string {
    return isAbsolute(round.artifact) ? round.artifact : join(this.dir, round.id, round.artifact);
  }

  writeEval(id: string, value: RoundEval): void {
    writeFileSync(join(this.dir, id, "eval.json"), JSON.stringify(value, null, 2) + "\n", { flag: "wx" });
  }

  writeDecision(id: string, value: PromotionDecision): void {
    writeFileSync(join(this.dir, id, "decision.json"), JSON.stringify(value, null, 2) + "\n", { flag: "wx" });
  }

  /**
   * One round; `current` is the promoted round in use (read from promoted.json unless the caller has it).
   * A round.json that is missing or torn (a crash while the round was created) is an error naming it;
   * a torn eval.json or decision.json reads as absent, with `problem` saying so.
   */
  get(id: string, current = this.current()): RoundInfo {
    const dir = join(this.dir, id);
    if (!existsSync(join(dir, "round.json")))
      throw new Error(
        existsSync(dir)
          ? `round ${id} has no round.json (interrupted while it was created; in ${this.dir})`
          : `no such round: ${id} (in ${this.dir})`,
      );
    const problems: string[] = [];
    const read = <T>(f: string): T | undefined => {
      if (!existsSync(join(dir, f))) return undefined;
      try {
        return JSON.parse(readFileSync(join(dir, f), "utf8")) as T;
      } catch (err) {
        if (f === "round.json") throw new Error(`round ${id}: round.json is unreadable (${(err as Error).message})`);
        problems.push(`${f} is unreadable`);
        return undefined;
      }
    };
    const record = read<RoundRecord>("round.json")!;
    const evalResult = read<RoundEval>("eval.json");
    const decision = read<PromotionDecision>("decision.json");
    return {
      record,
      dir,
      ...(evalResult ? { eval: evalResult } : {}),
      ...(decision ? { decision } : {}),
      current: current === id,
      ...(problems.length > 0 ? { problem: problems.join("; ") } : {}),
    };
  }

  /** Every readable round, oldest first; a round whose round.json is missing or torn is left out
   *  (unreadable() names it), so one interrupted round never hides the others. */
  list(): RoundInfo[] {
    return this.scan().rounds;
  }

  /** The round folders list() leaves out, and why (a crash between creating the folder and its round.json). */
  unreadable(): { id: string; reason: string }[] {
    return this.scan().unreadable;
  }

  /** Every round folder read once: the readable rounds and the others (promoted.json read once too). */
  private scan(): { rounds: RoundInfo[]; unreadable: { id: string; reason: string }[] } {
    const current = this.current();
    const rounds: RoundInfo[] = [];
    const unreadable: { id: string; reason: string }[] = [];
    for (const id of this.ids()) {
      try {
        rounds.push(this.get(id, current));
      } catch (err) {
        unreadable.push({ id, reason: (err as Error).message });
      }
    }
    return { rounds, unreadable };
  }

  /** The promoted round in use, if any. */
  current(): string | undefined {
    const s = this.promoted().stack;
    return s[s.length - 1]?.id;
  }

  /** Makes `id` current; `previous` is what rollback restores. */
  promote(id: string, previous: ModelChoice): void {
    this.get(id);
    const p = this.promoted();
    p.stack.push({ id, previous });
    this.savePromoted(p, { action: "promote", id });
  }

  /** Undoes the last promotion: returns the round rolled back and the choice in use before it. */
  rollback(): { from: string; restored: ModelChoice } {
    const p = this.promoted();
    const top = p.stack.pop();
    if (!top) throw new Error(`no promoted round to roll back (in ${this.dir})`);
    this.savePromoted(p, { action: "rollback", id: top.id, restored: top.previous });
    return { from: top.id, restored: top.previous };
  }

  private ids(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => /^round-\d{4,}$/.test(f))
      .sort();
  }

  private promoted(): PromotedFile {
    const f = join(this.dir, "promoted.json");
    return existsSync(f) ? (JSON.parse(readFileSync(f, "utf8")) as PromotedFile) : { stack: [] };
  }

  private savePromoted(p: PromotedFile, event: Record<string, unknown>): void {
    mkdirSync(this.dir, { recursive: true });
    const f = join(this.dir, "promoted.json");
    writeFileSync(`${f}.tmp`, JSON.stringify(p, null, 2) + "\n");
    renameSync(`${f}.tmp`, f);
    appendLineSync(join(this.dir, "log.jsonl"), JSON.stringify({ time: new Date().toISOString(), ...event }));
  }
}
