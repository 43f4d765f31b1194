import { joinLines, splitLines } from "../dsl/index.js";
import { makeRng, type Rng } from "./rng.js";
import { pyMask } from "./pyMask.js";
import {
  arithmeticSwap,
  comparisonSwap,
  offByOne,
  programNames,
  swapVariables,
  typo,
  wrongReturn,
  type LineEdit,
} from "./tokenEdits.js";

/**
 * The synthetic bug generator (DESIGN §6): the paper's corruption recipe (delete a line, add a
 * line from another program, replace a line with one from another program) plus human bug kinds
 * (a typo, a swapped comparison or arithmetic operator, an off-by-one constant, two swapped
 * variables, a wrong return value). Deterministic: the same code, donors and seed give the same
 * result on every machine. Inverting a corruption (diffToTrace(corrupted, original)) gives a
 * demonstration of a repair.
 */
export type CorruptionKind =
  | "delete-line"
  | "add-line"
  | "replace-line"
  | "typo"
  | "comparison-swap"
  | "arithmetic-swap"
  | "off-by-one"
  | "swap-variables"
  | "wrong-return";

export const CORRUPTION_KINDS: readonly CorruptionKind[] = [
  "delete-line",
  "add-line",
  "replace-line",
  "typo",
  "comparison-swap",
  "arithmetic-swap",
  "off-by-one",
  "swap-variables",
  "wrong-return",
];

export interface CorruptOptions {
  seed: number;
  /** Number of edits; default a random count in [minEdits, maxEdits]. */
  count?: number;
  /** Default 1. */
  minEdits?: number;
  /** Default 5. */
  maxEdits?: number;
  /** The kinds to draw from (uniformly); default all. */
  kinds?: readonly CorruptionKind[];
  /** Other programs whose lines feed add-line and replace-line (without them those kinds are skipped). */
  donors?: readonly string[];
}

export interface CorruptionEdit {
  kind: CorruptionKind;
  /** 1-based line of the edit in the code as it was when the edit was made (after earlier edits). */
  line: number;
}

export interface Corruption {
  /** The corrupted program (normal form: joinLines). Equal to the input only when nothing applied. */
  code: string;
  edits: CorruptionEdit[];
}

const indentOf = (s: string): string => /^\s*/.exec(s)![0];
const isBlank = (s: string): boolean => s.trim() === "";

/** The program's indentation unit: the first indented line's leading whitespace, else 4 spaces. */
function indentUnit(lines: readonly string[]): string {
  return lines.map(indentOf).find((i) => i !== "") ?? "    ";
}

/** Lines of the donors usable as foreign code: not blank, not comments, without their indentation. */
function donorLines(donors: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of donors)
    for (const l of splitLines(d)) if (!isBlank(l) && !l.trim().startsWith("#")) out.push(l.trim());
  return out;
}

type Applied = { lines: string[]; line: number } | undefined;
type KindFn = (lines: string[], rng: Rng, donors: readonly string[]) => Applied;

function nonBlankIndexes(lines: readonly string[]): number[] {
  return lines.flatMap((l, i) => (isBlank(l) ? [] : [i]));
}

const deleteLine: KindFn = (lines, rng) => {
  const idx = nonBlankIndexes(lines);
  if (idx.length < 2) return undefined;
  const i = rng.pick(idx);
  return { lines: lines.filter((_, k) => k !== i), line: i + 1 };
};

const addLine: KindFn = (lines, rng, donors) => {
  if (donors.length === 0) return undefined;
  const at = rng.int(0, lines.length); // the new line becomes line at+1
  const prev = lines
    .slice(0, at)
    .reverse()
    .find((l) => !isBlank(l));
  const next = lines.slice(at).find((l) => !isBlank(l));
  // A plausible indentation: one level in after a line ending in ':', else the previous or next line's.
  let indent = prev === undefined ? "" : indentOf(prev) + (prev.trimEnd().endsWith(":") ? indentUnit(lines) : "");
  if (next !== undefined && !(prev ?? "").trimEnd().endsWith(":") && rng.chance(0.3)) indent = indentOf(next);
  const out = lines.slice();
  out.splice(at, 0, indent + rng.pick(donors));
  return { lines: out, line: at + 1 };
};

const replaceLine: KindFn = (lines, rng, donors) => {
  const idx = nonBlankIndexes(lines);
  if (idx.length === 0 || donors.length === 0) return undefined;
  const i = rng.pick(idx);
  const choices = donors.filter((d) => d !== lines[i]!.trim());
  if (choices.length === 0) return undefined;
  const out = lines.slice();
  out[i] = indentOf(lines[i]!) + rng.pick(choices);
  return { lines: out, line: i + 1 };
};

/** Wraps a token-level edit: tries the lines in a random order until one changes. */
function onSomeLine(edit: LineEdit): KindFn {
  return (lines, rng) => {
    const mask = pyMask(lines);
    const names = programNames(lines);
    const order = nonBlankIndexes(lines);
    for (let k = order.length - 1; k > 0; k--) {
      const r = rng.int(0, k);
      [order[k], order[r]] = [order[r]!, order[k]!];
    }
    for (const index of order) {
      const changed = edit({ lines, mask, index, rng, names });
      if (changed !== undefined && changed !== lines[index]) {
        const out = lines.slice();
        out[index] = changed;
        return { lines: out, line: index + 1 };
      }
    }
    return undefined;
  };
}

const KIND_FNS: Record<CorruptionKind, KindFn> = {
  "delete-line": deleteLine,
  "add-line": addLine,
  "replace-line": replaceLine,
  typo: onSomeLine(typo),
  "comparison-swap": onSomeLine(comparisonSwap),
  "arithmetic-swap": onSomeLine(arithmeticSwap),
  "off-by-one": onSomeLine(offByOne),
  "swap-variables": onSomeLine(swapVariables),
  "wrong-return": onSomeLine(wrongReturn),
};

/** Applies one edit of the given kind to code (normal form in, normal form out); undefined when it cannot. */
export function applyCorruption(
  code: string,
  kind: CorruptionKind,
  rng: Rng,
  donors: readonly string[] = [],
): { code: string; line: number } | undefined {
  const r = KIND_FNS[kind](splitLines(code), rng, donorLines(donors));
  return r && { code: joinLines(r.lines), line: r.line };
}

/** Corrupts a correct program with `count` random edits (see CorruptOptions). */
export function corrupt(code: string, options: CorruptOptions): Corruption {
  const rng = makeRng(options.seed);
  const kinds = options.kinds ?? CORRUPTION_KINDS;
  const donors = donorLines(options.donors ?? []);
  const original = splitLines(code);
  const count = options.count ?? rng.int(options.minEdits ?? 1, options.maxEdits ?? 5);
  // A few attempts in case later edits happen to undo earlier ones.
  for (let attempt = 0; attempt < 8; attempt++) {
    let lines = original;
    const edits: CorruptionEdit[] = [];
    for (let e = 0; e < count; e++) {
      // The kinds in a random order: the first one that applies is used.
      const order = kinds.slice();
      for (let k = order.length - 1; k > 0; k--) {
        const r = rng.int(0, k);
        [order[k], order[r]] = [order[r]!, order[k]!];
      }
      for (const kind of order) {
        const r = KIND_FNS[kind](lines, rng, donors);
        if (r) {
          lines = r.lines;
          edits.push({ kind, line: r.line });
          break;
        }
      }
    }
    if (joinLines(lines) !== joinLines(original)) return { code: joinLines(lines), edits };
  }
  return { code: joinLines(original), edits: [] };
}
