import type { PyToken } from "../parse/pyTokens.js";
import { functionAt, type PyAnalysis } from "./pyAnalysis.js";
import { replaceSpan, insertAfter, matchBrackets, enclosingOpeners, type Mutation } from "./lineEdit.js";
import { endsOperand, precedenceAt, primaryEnd, primaryStart, PRECEDENCE, splitArgs } from "./operators/exprSpans.js";

/**
 * Token-level mutation operators on one line: comparison, arithmetic and boolean swaps, constants
 * ±1 (and ±1 on range()/slice bounds), swapped operands and call arguments (renamed variables and
 * undefined names are operators/wrongVariable.ts, which weighs variables by kind).
 * Tokens come from the tokenizer, so strings and comments are never touched.
 */
const COMPARE = ["<", "<=", ">", ">=", "==", "!="];
const ARITH = ["+", "-", "*", "/", "//", "%"];
const AUGMENTED = ["+=", "-=", "*=", "/=", "//=", "%="];
const WORD_SWAPS: Record<string, string> = {
  and: "or",
  or: "and",
  True: "False",
  False: "True",
  min: "max",
  max: "min",
  any: "all",
  all: "any",
};
const NON_COMMUTATIVE = new Set(["-", "/", "//", "%", "**"]);

function pairPrior(a: string, b: string): number {
  // Augmented operators weigh like their plain ones (`/=` -> `//=` like `/` -> `//`).
  const plain = (o: string): string => (AUGMENTED.includes(o) ? o.slice(0, -1) : o);
  const key = [plain(a), plain(b)].sort().join(" ");
  const strong = ["< <=", "> >=", "!= ==", "+ -", "/ //", "// %", "* /", "+ +=", "+= -="];
  const medium = ["< >", "<= >=", "< >=", "<= >", "* +", "* -", "* //"];
  if (strong.includes(key)) return 0.9;
  if (medium.includes(key)) return 0.6;
  return 0.4;
}

export function tokenMutations(analysis: PyAnalysis, lineNo: number): Mutation[] {
  const text = analysis.lines[lineNo - 1] ?? "";
  const toks = analysis.lineTokens[lineNo - 1] ?? [];
  const out: Mutation[] = [];
  const add = (command: Mutation["command"], prior: number, label: string): void =>
    void out.push({ command, line: lineNo, prior, label });
  const match = matchBrackets(toks);
  const openers = enclosingOpeners(toks);
  const fn = functionAt(analysis, lineNo);
  const isDefLine = fn?.defLine === lineNo;
  const isBinary = (i: number): boolean => endsOperand(toks[i - 1]);

  toks.forEach((t, i) => {
    const prev = toks[i - 1];
    const next = toks[i + 1];
    if (t.kind === "op" && COMPARE.includes(t.text)) {
      for (const o of COMPARE)
        if (o !== t.text)
          add(replaceSpan(lineNo, text, toks, i, i, o), pairPrior(t.text, o), `compare ${t.text} -> ${o}`);
    }
    if (t.kind === "op" && ARITH.includes(t.text) && isBinary(i)) {
      for (const o of ARITH)
        if (o !== t.text)
          add(replaceSpan(lineNo, text, toks, i, i, o), pairPrior(t.text, o) * 0.9, `arith ${t.text} -> ${o}`);
    }
    if (t.kind === "op" && AUGMENTED.includes(t.text)) {
      for (const o of AUGMENTED)
        if (o !== t.text)
          add(replaceSpan(lineNo, text, toks, i, i, o), pairPrior(t.text, o) * 0.9, `augmented ${t.text} -> ${o}`);
    }
    if (
      t.kind === "name" &&
      WORD_SWAPS[t.text] &&
      prev?.text !== "." &&
      (t.text.length < 4 || next?.text === "(" || t.text === "True" || t.text === "False")
    )
      add(replaceSpan(lineNo, text, toks, i, i, WORD_SWAPS[t.text]!), 0.7, `word ${t.text} -> ${WORD_SWAPS[t.text]}`);
    if (t.text === "not" && t.kind === "name") {
      if (next?.text === "in") add(replaceSpan(lineNo, text, toks, i, i + 1, "in"), 0.6, "not in -> in");
      else if (prev?.text === "is") add(replaceSpan(lineNo, text, toks, i - 1, i, "is"), 0.6, "is not -> is");
      else if (next)
        add({ op: "REPL", line: lineNo, text: text.slice(0, t.col) + text.slice(next.col) }, 0.7, "remove not");
    }
    if (t.text === "in" && t.kind === "name" && prev?.text !== "not" && !analysisIsForTarget(toks, i))
      add(replaceSpan(lineNo, text, toks, i, i, "not in"), 0.4, "in -> not in");
    if (t.text === "is" && t.kind === "name" && next?.text !== "not")
      add(replaceSpan(lineNo, text, toks, i, i, "is not"), 0.5, "is -> is not");
    if (t.kind === "number" && /^\d+$/.test(t.text)) {
      const n = Number(t.text);
      add(replaceSpan(lineNo, text, toks, i, i, String(n + 1)), 0.8, `constant ${n} -> ${n + 1}`);
      // `x - 1 -> x - 0` is left to offByOne's "drop - 1", which writes the smaller edit.
      const additive = (prev?.text === "+" || prev?.text === "-") && isBinary(i - 1);
      if (!(n === 1 && additive))
        add(replaceSpan(lineNo, text, toks, i, i, String(n - 1)), 0.8, `constant ${n} -> ${n - 1}`);
    }
    // ±1 on a range() argument or a subscript/slice bound that is not a literal.
    const open = toks[openers[i]!];
    const inRange = open?.text === "(" && toks[openers[i]! - 1]?.text === "range";
    const inSubscript = open?.text === "[" && endsOperand(toks[openers[i]! - 1]);
    const endsBound = (t.kind === "name" && endsOperand(t)) || t.text === ")";
    const sameLevelNext =
      next &&
      ((":,".includes(next.text) && openers[i + 1] === openers[i]) ||
        ((next.text === ")" || next.text === "]") && match[i + 1] === openers[i]));
    if ((inRange || inSubscript) && endsBound && sameLevelNext) {
      add(insertAfter(lineNo, text, toks, i, " + 1"), 0.6, "bound + 1");
      add(insertAfter(lineNo, text, toks, i, " - 1"), 0.6, "bound - 1");
    }
    // Swapped operands of a non-commutative binary operator, when no neighbouring operator binds tighter.
    if (t.kind === "op" && NON_COMMUTATIVE.has(t.text) && isBinary(i)) {
      const ls = primaryStart(toks, match, i - 1);
      const re = primaryEnd(toks, match, i + 1);
      if (ls >= 0 && re >= 0) {
        const p = PRECEDENCE[t.text]!;
        const leftUnary = ls > 0 && (toks[ls - 1]!.text === "-" || toks[ls - 1]!.text === "+") && !isBinary(ls - 1);
        if (precedenceAt(toks[ls - 1], leftUnary) < p && precedenceAt(toks[re + 1], false) <= p && !(t.text === "**")) {
          const left = text.slice(toks[ls]!.col, toks[i - 1]!.endCol);
          const right = text.slice(toks[i + 1]!.col, toks[re]!.endCol);
          add(replaceSpan(lineNo, text, toks, ls, re, `${right} ${t.text} ${left}`), 0.5, `swap operands of ${t.text}`);
        }
      }
    }
    // Swapped adjacent positional arguments of a call.
    if (t.text === "(" && endsOperand(prev) && prev?.kind === "name" && !isDefLine && match[i] !== undefined) {
      const args = splitArgs(toks, i, match[i]!);
      for (let a = 0; a + 1 < args.length; a++) {
        const [s1, e1] = args[a]!;
        const [s2, e2] = args[a + 1]!;
        const t1 = text.slice(toks[s1]!.col, toks[e1]!.endCol);
        const t2 = text.slice(toks[s2]!.col, toks[e2]!.endCol);
        if (t1 === t2 || /^\*|=/.test(t1 + t2) || toks.slice(s1, e2 + 1).some((x) => x.text === "=")) continue;
        add(replaceSpan(lineNo, text, toks, s1, e2, `${t2}, ${t1}`), 0.45, `swap arguments of ${prev.text}`);
      }
    }
  });
  return out;
}

/** True when `in` at index i is the `in` of a for clause (for x in ...), which must not be negated. */
function analysisIsForTarget(toks: readonly PyToken[], i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const t = toks[k]!;
    if (t.text === "for") return true;
    if (!(t.kind === "name" || t.text === "," || t.text === "(" || t.text === ")")) return false;
  }
  return false;
}
