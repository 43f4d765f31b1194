import { diffArrays } from "diff";
import { applyCommand, joinLines, printCommand, splitLines } from "../dsl/index.js";
import type { Command } from "../types.js";

/**
 * Turns a (before, after) pair of files into Chain-of-Edits commands (DESIGN §6): a line diff
 * (jsdiff's diffArrays over splitLines) becomes DELL / ADDL / REPL / REPW commands, top to bottom,
 * each line number counted in the state left by the previous commands, then EXIT.
 *
 * Exactness contract: applying the commands in order with applyCommand to splitLines(before)
 * gives exactly splitLines(after). Files are compared in that normal form, i.e. as
 * joinLines(splitLines(x)): "\r\n" and "\r" count as "\n" and a missing final newline is added.
 * Those are the only differences the DSL cannot express (it edits lines, not line endings).
 */
export interface DiffToTraceOptions {
  /** End with EXIT (default true). */
  exit?: boolean;
  /** Use REPW for small token-level changes (default true); false gives REPL only. */
  useRepw?: boolean;
  /** When a change counts as small enough for REPW. */
  repw?: RepwLimits;
}

// A token is a run of letters/digits/_ (any script), a run of whitespace, or one other code point.
const TOKEN = /[\p{L}\p{N}\p{M}_]+|\s+|[^\p{L}\p{N}\p{M}_\s]/gu;

function tokenBoundaries(s: string): number[] {
  const bounds = [0];
  for (const m of s.matchAll(TOKEN)) bounds.push(m.index + m[0].length);
  if (bounds[bounds.length - 1] !== s.length) bounds.push(s.length);
  return bounds;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let i = 0;
  while (i < limit && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
  return i;
}

/** Non-whitespace tokens in s. */
function tokenCount(s: string): number {
  let n = 0;
  for (const m of s.matchAll(TOKEN)) if (m[0].trim() !== "") n++;
  return n;
}

/** Limits of "a single short token-level change" (see chooseRepw). */
export interface RepwLimits {
  /** Longest <old> (default 30; the grammar allows at most 60). */
  maxOldChars?: number;
  /** Most non-whitespace tokens in <old> and in <new> (default 3). */
  maxTokens?: number;
  /** REPW only pays when REPL would copy at least this many unchanged characters (default 4). */
  minKeptChars?: number;
}

/**
 * The REPW that turns line x into line y, when one short, unambiguous token-level replacement does:
 * <old> is non-empty, has no '>' (grammar), occurs exactly once in x, <old> and <new> are a few
 * tokens each, and the line keeps enough unchanged text that a REPL would mostly copy. Among the
 * valid choices (the changed span snapped to token boundaries, widened by up to 3 tokens each side
 * until unique) the shortest wins. Returns undefined when a REPL is the better command.
 */
export function chooseRepw(x: string, y: string, limits: RepwLimits = {}): { old: string; new: string } | undefined {
  const maxOldChars = limits.maxOldChars ?? 30;
  const maxTokens = limits.maxTokens ?? 3;
  const minKept = limits.minKeptChars ?? 4;
  if (x === y) return undefined;
  const p = commonPrefix(x, y);
  const s = commonSuffix(x, y, Math.min(x.length, y.length) - p);
  const bounds = tokenBoundaries(x);
  // Snap the changed span of x outwards to token boundaries (this never splits a surrogate pair).
  let li = 0;
  while (li + 1 < bounds.length && bounds[li + 1]! <= p) li++;
  let ri = bounds.length - 1;
  while (ri - 1 >= 0 && bounds[ri - 1]! >= x.length - s) ri--;
  let best: { old: string; new: string } | undefined;
  // Widen by up to 3 tokens on each side until <old> is valid; keep the shortest valid one.
  for (let wl = 0; wl <= 3; wl++) {
    for (let wr = 0; wr <= 3; wr++) {
      const a = li - wl;
      const b = ri + wr;
      if (a < 0 || b >= bounds.length) continue;
      const start = bounds[a]!;
      const endX = bounds[b]!;
      const endY = y.length - (x.length - endX);
      if (endY < start) continue;
      const old = x.slice(start, endX);
      const rep = y.slice(start, endY);
      if (old === "" || old.length > maxOldChars || old.includes(">")) continue;
      if (y.length - rep.length < minKept || tokenCount(old) > maxTokens || tokenCount(rep) > maxTokens) continue;
      if (x.indexOf(old) !== x.lastIndexOf(old)) continue;
      if (x.split(old).join(rep) !== y) continue;
      if (best && best.old.length + best.new.length <= old.length + rep.length) continue;
      best = { old, new: rep };
    }
  }
  return best;
}

/** Similarity of two lines in [0, 1]: shared prefix + suffix over the longer length. */
function similarity(a: string, b: string): number {
  const max = Math.max(a.length, b.length);
  if (max === 0) return 1;
  const p = commonPrefix(a, b);
  return (p + commonSuffix(a, b, Math.min(a.length, b.length) - p)) / max;
}

type HunkOp = { kind: "pair"; x: string; y: string } | { kind: "del" } | { kind: "add"; y: string };

/**
 * Orders one hunk (removed lines xs, added lines ys) as pairs, deletions and additions. It pairs
 * min(|xs|, |ys|) lines in order (so a changed line becomes one REPL/REPW), choosing which ones by
 * a small dynamic programme that maximises the summed similarity of the pairs.
 */
function alignHunk(xs: readonly string[], ys: readonly string[]): HunkOp[] {
  const r = xs.length;
  const k = ys.length;
  const pairs = Math.min(r, k);
  // f[i][j]: best score using xs[0..i) and ys[0..j) where every element of the shorter side is paired.
  const NEG = -Infinity;
  const f: number[][] = Array.from({ length: r + 1 }, () => new Array<number>(k + 1).fill(NEG));
  f[0]![0] = 0;
  for (let i = 0; i <= r; i++) {
    for (let j = 0; j <= k; j++) {
      const cur = f[i]![j]!;
      if (cur === NEG) continue;
      if (i < r && j < k) f[i + 1]![j + 1] = Math.max(f[i + 1]![j + 1]!, cur + similarity(xs[i]!, ys[j]!));
      if (r > k && i < r) f[i + 1]![j] = Math.max(f[i + 1]![j]!, cur); // skip a removed line
      if (k > r && j < k) f[i]![j + 1] = Math.max(f[i]![j + 1]!, cur); // skip an added line
    }
  }
  // Walk back from (r, k).
  const ops: HunkOp[] = [];
  let i = r;
  let j = k;
  while (i > 0 || j > 0) {
    const cur = f[i]![j]!;
    if (i > 0 && j > 0 && f[i - 1]![j - 1]! + similarity(xs[i - 1]!, ys[j - 1]!) === cur) {
      ops.push({ kind: "pair", x: xs[i - 1]!, y: ys[j - 1]! });
      i--;
      j--;
    } else if (r > k && i > 0 && f[i - 1]![j]! === cur) {
      ops.push({ kind: "del" });
      i--;
    } else {
      ops.push({ kind: "add", y: ys[j - 1]! });
      j--;
    }
  }
  ops.reverse();
  if (ops.filter((o) => o.kind === "pair").length !== pairs) throw new Error("diffToTrace: alignment failed");
  return ops;
}

/** The commands that turn `before` into `after` (see the contract above). */
export function diffToTrace(before: string, after: string, options: DiffToTraceOptions = {}): Command[] {
  const useRepw = options.useRepw ?? true;
  const a = splitLines(before);
  const b = splitLines(after);
  const commands: Command[] = [];
  let pos = 1; // 1-based line, in the current state, of the next line still to process
  let removed: string[] = [];
  let added: string[] = [];
  const flush = (): void => {
    for (const op of alignHunk(removed, added)) {
      if (op.kind === "del") commands.push({ op: "DELL", line: pos });
      else if (op.kind === "add") commands.push({ op: "ADDL", line: pos++, text: op.y });
      else {
        if (op.x !== op.y) {
          const w = useRepw ? chooseRepw(op.x, op.y, options.repw) : undefined;
          commands.push(w ? { op: "REPW", line: pos, old: w.old, new: w.new } : { op: "REPL", line: pos, text: op.y });
        }
        pos++;
      }
    }
    removed = [];
    added = [];
  };
  for (const change of diffArrays(a, b)) {
    if (change.removed) removed.push(...change.value);
    else if (change.added) added.push(...change.value);
    else {
      flush();
      pos += change.count;
    }
  }
  flush();
  if (options.exit ?? true) commands.push({ op: "EXIT" });
  return commands;
}

/**
 * Replays commands on a file and returns the result in normal form (joinLines). Throws when a
 * command cannot be applied: a trace made by diffToTrace always applies.
 */
export function replayCommands(before: string, commands: readonly Command[]): string {
  let lines = splitLines(before);
  for (const cmd of commands) {
    const r = applyCommand(lines, cmd);
    if (!r.ok) throw new Error(`cannot apply ${printCommand(cmd)}: ${r.error}`);
    lines = r.lines;
  }
  return joinLines(lines);
}
