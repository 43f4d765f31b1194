import { existsSync, readFileSync, renameSync } from "node:fs";
import { basename } from "node:path";
import type { ModelChoice } from "../core/models/index.js";
import type { PromotionDecision, RoundStore } from "../core/rounds/index.js";
import type { RoundEval } from "../protocol.js";
import { scores } from "./EditorRounds.js";

export interface MigrateRoundBookOptions {
  /** The rounds.json of older versions: <storage>/rounds/rounds.json. */
  file: string;
  /** The store the editor's rounds live in now. */
  store: RoundStore;
  /** The dataset the editor's rounds train on (the auto-round counter is kept per dataset file). */
  datasetFile: string;
  log?: (line: string) => void;
}

export interface MigrateRoundBookResult {
  /** none: no old file; migrated: imported (the file renamed to `renamedTo`); unreadable: a torn or
   *  foreign file, left as it is; failed: stopped part way (e.g. disk full), finished at the next start. */
  status: "none" | "migrated" | "unreadable" | "failed";
  /** Store ids of the rounds imported now (rounds imported by an earlier, interrupted run are not in it). */
  imported: string[];
  /** Old ids whose model file is missing (imported, not promoted, kept off the promotion stack). */
  missingModels: string[];
  renamedTo?: string;
}

/** One round of the old file (the protocol's RoundInfo of that version). */
interface OldRound {
  id: string;
  kind: "sft" | "rl";
  parent: string;
  model: string;
  time: string;
  evals?: { candidate?: RoundEval[]; current?: RoundEval[] };
  promoted: boolean;
  verdict?: string;
}

/** What the old RoundBook wrote; `current` "" is the base model. */
interface OldBook {
  rounds: OldRound[];
  current: string;
  base: string;
  acceptedAtLastRound: number;
}

/**
 * One-time import of the editor's rounds recorded by older versions (RoundBook, rounds.json) into the
 * round store, so they are listed, promoted rounds can be rolled back to, and the automatic round's
 * counter goes on from where it was. Each imported round is a normal round-NNNN/ whose round.json
 * names its old model by absolute path (the file is not moved) and keeps the old id in
 * settings.importedFrom, so a run that was interrupted is finished, never duplicated. The chain of
 * promotions that led to the old current round becomes the promotion stack when the store has none
 * (or only its start). A round whose model file is gone is imported as not promoted, saying so.
 * Afterwards the old file is renamed to rounds.json.migrated (kept). A torn or foreign file is left
 * as it is with one logged line; nothing here throws.
 */
export function migrateRoundBook(o: MigrateRoundBookOptions): MigrateRoundBookResult {
  const result: MigrateRoundBookResult = { status: "none", imported: [], missingModels: [] };
  if (!existsSync(o.file)) return result;
  let book: OldBook;
  try {
    book = parseBook(readFileSync(o.file, "utf8"));
  } catch (err) {
    o.log?.(
      `the rounds of an older version (${o.file}) cannot be read, so they are not imported; the file is left as it is: ${(err as Error).message}`,
    );
    return { ...result, status: "unreadable" };
  }
  try {
    const existing = o.store.list();
    const newId = new Map<string, string>();
    for (const r of existing) {
      const from = r.record.settings.importedFrom;
      if (typeof from === "string") newId.set(from, r.record.id);
    }
    // The counter of the automatic round: unless a round made since the upgrade already records one.
    const counted = existing.some(
      (r) => r.record.data.file === o.datasetFile && typeof r.record.settings.acceptedFixes === "number",
    );
    const modelOf = (id: string): string => book.rounds.find((r) => r.id === id)?.model ?? book.base;
    for (const [i, r] of book.rounds.entries()) {
      const missing = !existsSync(r.model);
      if (missing) result.missingModels.push(r.id);
      let id = newId.get(r.id);
      if (!id) {
        const last = i === book.rounds.length - 1;
        id = o.store.create({
          kind: r.kind,
          created: r.time,
          parent: newId.get(r.parent) ?? null,
          base: modelOf(r.parent),
          artifact: r.model,
          data: { file: o.datasetFile, bytes: 0, sha256: "", records: 0, heldOut: [], heldOutFraction: 0.25, seed: 0 },
          settings: {
            importedFrom: r.id,
            note: `imported from ${o.file}: the dataset snapshot and training settings were not recorded`,
            ...(last && !counted ? { acceptedFixes: book.acceptedAtLastRound } : {}),
          },
        }).record.id;
        newId.set(r.id, id);
        result.imported.push(id);
      }
      // eval.json and decision.json (also those an interrupted run did not get to write).
      const stored = o.store.get(id);
      if (!stored.eval)
        o.store.writeEval(id, {
          candidate: scores(r.evals?.candidate ?? []),
          baseline: scores(r.evals?.current ?? []),
        });
      if (!stored.decision) o.store.writeDecision(id, decision(r, missing, basename(o.file)));
    }
    restoreStack(o, book, newId, new Set(result.missingModels));
    result.renamedTo = keepOldFile(o.file);
    o.log?.(
      `imported ${result.imported.length} round(s) of an older version into ${o.store.dir}` +
        (result.missingModels.length ? ` (model missing, not promoted: ${result.missingModels.join(", ")})` : "") +
        `; the old file is kept as ${result.renamedTo}`,
    );
    return { ...result, status: "migrated" };
  } catch (err) {
    // Left in place: the next start finishes the import (imported rounds are recognised, not repeated).
    o.log?.(`importing the rounds of ${o.file} stopped (it is retried at the next start): ${(err as Error).message}`);
    return { ...result, status: "failed" };
  }
}

/** The old current round and the promoted rounds before it (by parent), oldest first, become the
 *  stack, each remembering the model before it; rounds without their model are left out. */
function restoreStack(
  o: MigrateRoundBookOptions,
  book: OldBook,
  newId: Map<string, string>,
  missing: Set<string>,
): void {
  const chain: OldRound[] = [];
  const seen = new Set<string>();
  for (let id = book.current; id && !seen.has(id); ) {
    seen.add(id);
    const r = book.rounds.find((x) => x.id === id);
    if (!r) break;
    if (!missing.has(r.id)) chain.unshift(r);
    id = r.parent;
  }
  let previous: ModelChoice = { model: book.base };
  const wanted = chain.map((r) => {
    const id = newId.get(r.id)!;
    const entry = { id, previous };
    previous = { model: r.model, name: id, round: id };
    return entry;
  });
  const current = o.store.current();
  const from = current === undefined ? 0 : wanted.findIndex((e) => e.id === current) + 1;
  if (from === 0 && current !== undefined) {
    o.log?.(`the round store already has a promoted round (${current}): the old rounds are listed, not stacked`);
    return;
  }
  for (const e of wanted.slice(from)) o.store.promote(e.id, e.previous);
}

/** The old verdict as the store's decision; a round without its model file is not promoted. */
function decision(r: OldRound, missing: boolean, from: string): PromotionDecision {
  const verdict = (r.verdict ?? "").replace(/^(not )?promoted: /, "") || "no verdict recorded";
  if (!missing) return { promote: r.promoted, reason: `${verdict} (imported from ${from})` };
  const was = `${r.promoted ? "promoted" : "not promoted"}: ${verdict}`;
  return { promote: false, reason: `its model ${r.model} is missing (imported from ${from}; it was ${was})` };
}

/** rounds.json -> rounds.json.migrated (a second migrated file gets the time in its name). */
function keepOldFile(file: string): string {
  let to = `${file}.migrated`;
  if (existsSync(to)) to = `${file}.migrated-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  renameSync(file, to);
  return to;
}

/** The old file, checked field by field: anything else is an Error saying what is wrong. */
function parseBook(text: string): OldBook {
  const raw = JSON.parse(text) as Partial<OldBook> | null;
  if (!raw || typeof raw !== "object" || !Array.isArray(raw.rounds)) throw new Error("no list of rounds");
  raw.rounds.forEach((r: Partial<OldRound>, i) => {
    const bad = !r || typeof r !== "object" ? "not an object" : problem(r);
    if (bad) throw new Error(`round ${i + 1}: ${bad}`);
  });
  return {
    rounds: raw.rounds,
    current: typeof raw.current === "string" ? raw.current : "",
    base: typeof raw.base === "string" ? raw.base : "",
    acceptedAtLastRound: typeof raw.acceptedAtLastRound === "number" ? raw.acceptedAtLastRound : 0,
  };
}

function problem(r: Partial<OldRound>): string | undefined {
  if (typeof r.id !== "string" || !r.id) return "no id";
  if (r.kind !== "sft" && r.kind !== "rl") return `kind ${String(r.kind)}`;
  for (const k of ["parent", "model", "time"] as const) if (typeof r[k] !== "string") return `no ${k}`;
  if (typeof r.promoted !== "boolean") return "no promoted flag";
  for (const list of [r.evals?.candidate, r.evals?.current])
    if (list !== undefined && !(Array.isArray(list) && list.every((e) => typeof e?.suite === "string")))
      return "evaluations that are not a list of suites";
  return undefined;
}
