import { copyFileSync, renameSync, rmSync } from "node:fs";
import { basename } from "node:path";
import { modelPaths, updateModelConfig, type ModelChoice } from "../core/models/index.js";
import {
  RoundStore,
  type DataSnapshot,
  type RoundInfo as StoredRound,
  type RoundScores,
  type SuiteScore,
} from "../core/rounds/index.js";
import type { RoundEval, RoundInfo, RoundKind } from "../protocol.js";
import { HELD_BACK_SUITE } from "./evaluateRound.js";

/** An editor round that has been trained and judged, ready to be recorded. */
export interface FinishedRound {
  kind: RoundKind;
  /** The model it trained from. */
  init: string;
  /** The model in use when it started: what a rollback of this round restores. */
  previous: ModelChoice;
  /** The trained GGUF; moved into the round's folder (its file name is kept: the status bar shows it). */
  trained: string;
  data: DataSnapshot;
  /** Accepted fixes in the dataset when the round started (the next automatic round waits for more). */
  acceptedFixes: number;
  settings: Record<string, unknown>;
  evals: { candidate: RoundEval[]; current: RoundEval[] };
  /** Where the candidate loses (fewer solved on a suite), or undefined when it does not. */
  lost: string | undefined;
  /** Appended to the decision (e.g. no held-back fixes yet). */
  note: string;
  /** The hot swap of a round that does not lose; a failure keeps it out. */
  load(choice: ModelChoice): Promise<unknown>;
}

/**
 * The editor's view of the round store that the CLI and "Train on My Fixes" (LoRA) use too:
 * modelPaths().roundsDir (COE_ROUNDS_DIR, else ~/.cache/coe/rounds), one promotion stack for all
 * kinds, and the model choice (config.json) kept in step with it on promotion and rollback, as
 * `coe model rollback` does. Maps the store's rounds onto the protocol's RoundInfo.
 */
export class EditorRounds {
  readonly store: RoundStore;
  private readonly configPath: string;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const paths = modelPaths(env);
    this.store = new RoundStore(paths.roundsDir);
    this.configPath = paths.configPath;
  }

  /** Every round of the store, newest first. */
  list(): RoundInfo[] {
    return this.store
      .list()
      .reverse()
      .map((r) => this.info(r));
  }

  /** The promoted round in use ("" when none is). */
  current(): string {
    return this.store.current() ?? "";
  }

  hasPromotedSft(): boolean {
    return this.store.list().some((r) => r.record.kind === "sft" && r.decision?.promote);
  }

  /** The accepted fixes counted by the newest editor round on this dataset (0 before any). */
  acceptedAtLastRound(datasetFile: string): number {
    const last = this.store
      .list()
      .reverse()
      .find((r) => r.record.data.file === datasetFile && typeof r.record.settings.acceptedFixes === "number");
    return last ? (last.record.settings.acceptedFixes as number) : 0;
  }

  /** Writes round.json, moves the model in, writes eval.json and decision.json, and promotes it
   *  (stack, config, hot swap) when it does not lose and loads. */
  async record(r: FinishedRound): Promise<RoundInfo> {
    const { record } = this.store.create({
      kind: r.kind,
      parent: this.store.current() ?? null,
      base: r.init,
      artifact: basename(r.trained),
      data: r.data,
      settings: { ...r.settings, acceptedFixes: r.acceptedFixes },
    });
    const model = this.store.artifactPath(record);
    moveFile(r.trained, model);
    this.store.writeEval(record.id, { candidate: scores(r.evals.candidate), baseline: scores(r.evals.current) });
    const choice: ModelChoice = { model, name: record.id, round: record.id };
    let promote = r.lost === undefined;
    let reason = r.lost ? `loses on ${r.lost}` : "does not lose on any suite";
    if (promote)
      try {
        await r.load(choice);
      } catch (err) {
        promote = false;
        reason = `does not lose, but does not load: ${(err as Error).message}`;
      }
    this.store.writeDecision(record.id, { promote, reason: reason + r.note });
    if (promote) {
      this.store.promote(record.id, r.previous);
      updateModelConfig(this.configPath, { choice });
    }
    return this.info(this.store.get(record.id));
  }

  /** Undoes the last promotion (whatever its kind); the config gets the model in use before it. */
  rollback(): { from: string; restored: ModelChoice } {
    if (!this.store.current()) throw new Error("nothing to roll back: no promoted round is in use");
    const result = this.store.rollback();
    updateModelConfig(this.configPath, { choice: result.restored });
    return result;
  }

  private info(r: StoredRound): RoundInfo {
    const { record, decision } = r;
    return {
      id: record.id,
      kind: record.kind,
      parent: record.parent ?? "",
      model: this.store.artifactPath(record),
      time: record.created,
      evals: { candidate: evals(r.eval?.candidate), current: evals(r.eval?.baseline) },
      promoted: decision?.promote ?? false,
      verdict: decision
        ? `${decision.promote ? "promoted" : "not promoted"}: ${decision.reason}`
        : "unfinished: no decision was recorded",
    };
  }
}

/** The editor's per-suite evaluations as the store's scores (a missing validation suite: 0 tasks). */
export function scores(list: readonly RoundEval[]): RoundScores {
  const score = (e: RoundEval | undefined, suite: string): SuiteScore =>
    e ? { suite: e.suite, solved: e.solved, total: e.tasks, testRuns: e.testRuns } : { suite, solved: 0, total: 0 };
  return {
    validation: score(
      list.find((e) => e.suite !== HELD_BACK_SUITE),
      "none",
    ),
    heldOut: score(
      list.find((e) => e.suite === HELD_BACK_SUITE),
      HELD_BACK_SUITE,
    ),
  };
}

/** The store's scores as the protocol's list: the suites that had tasks. */
function evals(s: RoundScores | undefined): RoundEval[] {
  if (!s) return [];
  return [s.validation, s.heldOut]
    .filter((x) => x.total > 0)
    .map((x) => ({ suite: x.suite, tasks: x.total, solved: x.solved, testRuns: x.testRuns ?? 0 }));
}

/** rename, or copy and delete across file systems (the editor's storage and the rounds folder). */
function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
    copyFileSync(from, to);
    rmSync(from, { force: true });
  }
}
