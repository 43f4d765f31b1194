import { analyseState } from "../search/rankLines.js";
import { editSize, generalisationPenalty } from "../search/editPenalties.js";
import type { MixedProposal } from "../search/mixProposals.js";
import type { SearchState } from "../search/Proposer.js";
import { joinLines, splitLines } from "../dsl/index.js";
import type { CodeNgram } from "./CodeNgram.js";
import { failureSymptom } from "./failureSymptom.js";

/**
 * What the learned ranker (LearnedRanker.ts, docs/ranking.md) knows of a candidate edit: a sparse map
 * of named features, computed from the state and the edit alone (never from its test result). The
 * same function feeds `coe ranker collect` (training data) and the search (inference), so the two
 * cannot drift apart. The model's log-likelihood is not here: it is costly, so the search adds it
 * lazily (feature `lm`, LearnedRanker.lmWeight) and the collector stores it raw beside these.
 */
export type RankFeatures = Record<string, number>;

/** The operator family of a mutation label: its first word ("compare < -> <=" -> "compare"). */
export function operatorFamily(label: string | undefined): string {
  const word = (label ?? "").trim().split(/\s+/)[0] ?? "";
  return word.toLowerCase().replace(/[^a-z]/g, "") || "unnamed";
}

/**
 * Why the state fails, in one word: the exception most failing tests raise (NameError, IndexError...),
 * "none" when they got None (a missing return), "timeout", else "wrong" (an assert saw a wrong value).
 * Crossed with the operator family and the command, it lets the ranker learn e.g. that a NameError is
 * fixed by a rename and a None by a return.
 */
export function failureClass(verdict: SearchState["verdict"]): string {
  if (verdict.kind === "syntax") return "syntax";
  if (verdict.kind === "timeout") return "timeout";
  if (verdict.kind !== "ok") return "crash";
  const votes = new Map<string, number>();
  for (const t of verdict.tests) {
    if (t.status === "pass") continue;
    const type = (t.message ?? "").split(":")[0]!.trim();
    const why =
      t.status === "timeout"
        ? "timeout"
        : type && type !== "AssertionError"
          ? type
          : t.got === "None"
            ? "none"
            : "wrong";
    votes.set(why, (votes.get(why) ?? 0) + 1);
  }
  return [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "wrong";
}

/** The line an edit touches, for fault localisation (ADDL inserts after its line). */
function editedLine(command: MixedProposal["proposal"]["command"], lineCount: number): number {
  if (command.op === "EXIT") return 1;
  return Math.min(Math.max(command.line, 1), Math.max(lineCount, 1));
}

/** Files up to this many lines are scored whole; in a longer one, the lines within WINDOW of the edit. */
const WHOLE_FILE_LINES = 60;
const WINDOW = 20;

/**
 * How much more natural an edit makes the code, by a code n-gram (CodeNgram.ts): the change of the
 * code's log-probability, in tens of nats, clipped to ±3 (a deleted line always "gains" its own
 * tokens, which is why the feature is also crossed with the command); 0 for EXIT. Each candidate's
 * edited code is the one mixProposals made. A long file is scored around the edit only (the n-gram's
 * context is 3 tokens), so a state's cost does not grow with the file: every suite the ranker was
 * fitted and measured on is shorter.
 */
export function naturalness(ngram: CodeNgram, lines: readonly string[], mixed: readonly MixedProposal[]): number[] {
  const whole = lines.length <= WHOLE_FILE_LINES;
  const base = new Map<string, number>();
  const window = (ls: readonly string[], from: number, to: number): number =>
    ngram.score(joinLines(ls.slice(from, to)));
  return mixed.map(({ proposal: { command }, code }) => {
    if (command.op === "EXIT") return 0;
    const at = editedLine(command, lines.length) - 1;
    const from = whole ? 0 : Math.max(0, at - WINDOW);
    const to = whole ? lines.length : Math.min(lines.length, at + WINDOW + 1);
    const key = `${from}:${to}`;
    if (!base.has(key)) base.set(key, window(lines, from, to));
    let after: number;
    if (whole) after = ngram.score(code);
    else {
      const edited = splitLines(code);
      after = window(edited, from, to + edited.length - lines.length);
    }
    return Math.max(-3, Math.min(3, (after - base.get(key)!) / 10));
  });
}

/**
 * Features of each of a state's mixed proposals (same order). `literals`: testLiterals of the tests;
 * `ngram`: the code n-gram of the naturalness features (the ranker's own, else none).
 */
export function rankFeatures(
  state: Pick<SearchState, "lines" | "verdict">,
  mixed: readonly MixedProposal[],
  literals: ReadonlySet<string>,
  ngram?: CodeNgram,
): RankFeatures[] {
  const { lines, verdict } = state;
  const { suspicion } = analyseState(lines, verdict);
  // The line's place among the listing's distinct suspicion levels (0: the most suspicious lines).
  const levels = [...new Set(suspicion)].sort((a, b) => b - a);
  const traceback = new Set(
    verdict.tests.filter((t) => t.status !== "pass" && t.line !== undefined).map((t) => t.line!),
  );
  const why = failureClass(verdict);
  const symptom = why === "wrong" ? failureSymptom(verdict) : undefined;
  const perLine = new Map<number, number>();
  for (const m of mixed) {
    const n = editedLine(m.proposal.command, lines.length);
    perLine.set(n, (perLine.get(n) ?? 0) + 1);
  }
  const nat = ngram ? naturalness(ngram, lines, mixed) : undefined;
  return mixed.map((m, i) => {
    const { command, source, prior, label } = m.proposal;
    const n = editedLine(command, lines.length);
    const s = suspicion[n - 1] ?? 0.05;
    const f: RankFeatures = {
      logMass: Math.log(Math.max(m.mass, 1e-12)),
      logLine: Math.log(Math.max(s, 1e-6)),
      lineLevel: Math.log(1 + levels.indexOf(s)),
      traceback: traceback.has(n) ? 1 : 0,
      crowd: Math.log(perLine.get(n) ?? 1),
      size: Math.log(1 + editSize(lines, command)),
      general: generalisationPenalty(lines, command, literals),
      [`op:${command.op}`]: 1,
      [`why:${why}|op:${command.op}`]: 1,
    };
    if (source === "model") {
      // The model's own confidence in its sample (log-probability of the command, /10, at least -3):
      // a model sure of an edit in code like its training data may be worth more than a guess.
      f.sample = 1;
      f.sampleLp = Math.max(-3, Math.min(0, m.proposal.score / 10));
      f[`why:${why}|sample`] = 1;
    } else {
      if (m.modelVote !== undefined) {
        // The model sampled this mutation too: its vote, with its confidence, and by command.
        f.voted = 1;
        f.votedLp = Math.max(-3, Math.min(0, m.modelVote / 10));
        f[`voted|op:${command.op}`] = 1;
      }
      const family = operatorFamily(label);
      f.logPrior = Math.log(Math.max(prior ?? 1e-3, 1e-6));
      f[`fam:${family}`] = 1;
      f[`why:${why}|fam:${family}`] = 1;
      if (symptom) f[`sym:${symptom}|fam:${family}`] = 1;
    }
    if (symptom) f[`sym:${symptom}|op:${command.op}`] = 1;
    if (nat) {
      f.nat = nat[i]!;
      f[`nat|op:${command.op}`] = nat[i]!;
    }
    return f;
  });
}
