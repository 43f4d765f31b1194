import type { RankFeatures } from "./rankFeatures.js";

/** One candidate edit of a collected state, with what the tests said of it (collectRankGroup). */
export interface RankCandidate {
  /** The printed DSL command. */
  command: string;
  x: RankFeatures;
  /** The model's raw log-likelihood of the command after the state (when collected with a model). */
  lm?: number;
  /** Visible tests passing after the edit (0 unless they ran), and the verdict's kind. */
  passed: number;
  kind: string;
  /** Solved the visible tests: does it pass the hidden ones too? (absent when not solved or none hidden) */
  hidden?: boolean;
}

/** All candidates of one task's initial state: one JSON line of a `coe ranker collect` file. */
export interface RankGroup {
  id: string;
  /** Visible tests the initial code passes, of `total`. */
  rootPassed: number;
  total: number;
  candidates: RankCandidate[];
  /** The code n-gram its naturalness features were computed with (CodeNgram's name), when any. */
  ngram?: string;
  /** The model whose samples are among its candidates (collectRankGroup's sampler), when it was
   *  collected with one: a group without it had no sample to rank. */
  samples?: string;
  /** The suite split the task came from (tune / report), when it has one. */
  split?: string;
}

/** The model whose samples are among a group's candidates: its `samples`, else (groups collected before
 *  that field) its `model` when some candidate carries a sample or vote feature; else undefined. */
export function sampledBy(g: RankGroup & { model?: string | null }): string | undefined {
  if (g.samples) return g.samples;
  const sampled = g.candidates.some((c) => c.x.sample !== undefined || c.x.voted !== undefined);
  return sampled ? (g.model ?? "") : undefined;
}

/** A candidate that solves the visible tests (and the hidden ones, when there were any). */
export const solvesGroup = (g: RankGroup, c: RankCandidate): boolean =>
  c.kind === "ok" && c.passed === g.total && g.total > 0 && c.hidden !== false;

/** A candidate that solves the visible tests, however it does on hidden ones: what the search stops at. */
export const solvesVisible = (g: RankGroup, c: RankCandidate): boolean =>
  c.kind === "ok" && c.passed === g.total && g.total > 0;

/** Parses a collect file's text; a torn or foreign line is skipped and counted, never fatal. */
export function parseRankGroups(text: string): { groups: RankGroup[]; skipped: number } {
  const groups: RankGroup[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const g = JSON.parse(line) as RankGroup;
      if (typeof g.id !== "string" || !Array.isArray(g.candidates) || !(g.total > 0)) throw new Error("not a group");
      groups.push(g);
    } catch {
      skipped++;
    }
  }
  return { groups, skipped };
}
