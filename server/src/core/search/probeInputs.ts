import { tokenizePython, type PyToken } from "../parse/pyTokens.js";
import { analyzePython } from "./pyAnalysis.js";
import { splitLines } from "../dsl/index.js";

/**
 * Inputs next to the tests' own, for the generalisation probe (GeneralisationProbe.ts): each assert
 * test that calls a function of the code, `assert f(ARGS) == ...` on one line, gives calls of f with
 * one literal of ARGS changed a little: an integer ±1, a string one character shorter or with its
 * first character appended, a list without its last element. The probe runs them as bare calls: no
 * expected value is needed, only whether the code still finishes without an exception.
 */
export function probeInputs(code: string, snippets: readonly string[], max = 12): string[] {
  const defined = new Set(analyzePython(splitLines(code)).functions.map((f) => f.name));
  const own = new Set<string>();
  const perTest: string[][] = [];
  for (const snippet of snippets) {
    if (snippet.includes("\n")) continue;
    const call = testedCall(snippet, defined);
    if (!call) continue;
    own.add(call.text);
    perTest.push(perturbations(call.text, call.args));
  }
  // Round-robin over the tests, so that every test's input gets probed before any gets a second probe.
  const out: string[] = [];
  const seen = new Set<string>(own);
  for (let k = 0; out.length < max && perTest.some((p) => k < p.length); k++) {
    for (const variants of perTest) {
      const v = variants[k];
      if (v === undefined || seen.has(v)) continue;
      seen.add(v);
      out.push(v);
      if (out.length >= max) break;
    }
  }
  return out;
}

interface TestedCall {
  /** The call's text, `f(1, 'ab')`. */
  text: string;
  /** The tokens of its arguments, with columns relative to `text`. */
  args: PyToken[];
}

/** The first call of a function of the code in an assert (not a method call), or undefined. */
function testedCall(snippet: string, defined: ReadonlySet<string>): TestedCall | undefined {
  const toks = tokenizePython(snippet).filter((t) => t.kind !== "comment" && t.kind !== "newline");
  if (toks[0]?.text !== "assert") return undefined;
  for (let i = 1; i < toks.length - 1; i++) {
    const t = toks[i]!;
    if (t.kind !== "name" || !defined.has(t.text) || toks[i + 1]!.text !== "(" || toks[i - 1]!.text === ".") continue;
    let depth = 0;
    for (let j = i + 1; j < toks.length; j++) {
      const text = toks[j]!.text;
      if (text === "(" || text === "[" || text === "{") depth++;
      else if (text === ")" || text === "]" || text === "}") depth--;
      if (depth > 0) continue;
      const end = toks[j]!.endCol;
      return {
        text: snippet.slice(t.col, end),
        args: toks.slice(i + 2, j).map((a) => ({ ...a, col: a.col - t.col, endCol: a.endCol - t.col })),
      };
    }
    return undefined;
  }
  return undefined;
}

/** One-literal changes of a call's arguments: top-level arguments first, in source order. */
function perturbations(call: string, args: PyToken[]): string[] {
  const out: { text: string; depth: number }[] = [];
  const top = args[0]?.depth ?? 0;
  let depth = top;
  const replace = (start: number, end: number, text: string): void => {
    out.push({ text: call.slice(0, start) + text + call.slice(end), depth });
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    depth = a.depth - top;
    if (a.kind === "number" && /^\d+$/.test(a.text)) {
      const n = Number(a.text);
      replace(a.col, a.endCol, String(n + 1));
      if (n > 0) replace(a.col, a.endCol, String(n - 1));
    } else if (a.kind === "string" && /^(['"])[^'"\\]*\1$/.test(a.text)) {
      const q = a.text[0]!;
      const body = a.text.slice(1, -1);
      if (body.length > 0) {
        replace(a.col, a.endCol, q + body.slice(0, -1) + q);
        replace(a.col, a.endCol, q + body + body[0] + q);
      }
    } else if (a.text === "[") {
      const dropped = dropLast(args, i);
      if (dropped) replace(dropped.start, dropped.end, "");
    }
  }
  // The arguments themselves first, then literals nested inside them (stable: source order within a level).
  return out.sort((x, y) => x.depth - y.depth).map((v) => v.text);
}

/** The span that removes the last element of the list opened at args[open] (with its comma). */
function dropLast(args: PyToken[], open: number): { start: number; end: number } | undefined {
  let depth = 0;
  const commas: number[] = []; // the list's own commas (depth 1)
  for (let j = open; j < args.length; j++) {
    const text = args[j]!.text;
    if (text === "(" || text === "[" || text === "{") depth++;
    else if (text === ")" || text === "]" || text === "}") {
      depth--;
      if (depth > 0) continue;
      if (j === open + 1) return undefined; // []
      // [x] → [], [x, y] → [x], [x, y,] → [x]
      const comma = args[j - 1]!.text === "," ? commas.at(-2) : commas.at(-1);
      return { start: comma !== undefined ? args[comma]!.col : args[open]!.endCol, end: args[j]!.col };
    } else if (text === "," && depth === 1) commas.push(j);
  }
  return undefined;
}
