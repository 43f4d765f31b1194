import { functionAt, type PyAnalysis } from "../pyAnalysis.js";
import { replaceSpan, type Mutation } from "../lineEdit.js";
import { eachLine } from "./exprSpans.js";
import { variableKinds } from "./functionScope.js";

/**
 * A call missing around a value (the value is right, its order or case is not):
 *  - reversed or sorted before it is joined (0.2, 0.15): `"".join(bits)` -> `"".join(reversed(bits))`,
 *    `bytes(out)` -> `bytes(reversed(out))`, `"".join(word)` -> `"".join(sorted(word))`;
 *  - text compared case-blind (0.15): `for ch in text:` -> `for ch in text.lower():`, `set(text)` ->
 *    `set(text.lower())`, for a name that is not known to be a number, dict, set or bool.
 * Only a bare name or a one-call argument (`word.lower()`) is wrapped, so a line gets a few at most.
 */
export const WRAP_PRIORS = { reversed: 0.2, sorted: 0.15, lower: 0.15 };
const JOINS = new Set(["join", "bytes", "bytearray"]);
const CASE_BLIND = new Set(["set", "Counter", "sorted"]);
/** Modules whose `join` joins paths or arguments, not an iterable's strings. */
const MODULES = new Set(["os", "path", "posixpath", "ntpath", "shlex"]);
const NOT_TEXT = new Set(["num", "dict", "set", "bool"]); // a string iterated is a "seq" too

export function wrapCallMutations(analysis: PyAnalysis): Mutation[] {
  const kindsByFn = new Map<number, ReturnType<typeof variableKinds>>();
  return eachLine(analysis, ({ lineNo, text, toks, match, add }) => {
    const fn = functionAt(analysis, lineNo);
    if (!fn || lineNo === fn.defLine) return;
    if (!kindsByFn.has(fn.defLine)) kindsByFn.set(fn.defLine, variableKinds(analysis, fn));
    const kinds = kindsByFn.get(fn.defLine)!;
    const isName = (i: number): boolean =>
      toks[i]?.kind === "name" &&
      toks[i - 1]?.text !== "." &&
      (fn.params.includes(toks[i]!.text) || fn.variables.includes(toks[i]!.text));
    // `sep.join(...)` on a string or a plain name (not `os.path.join`), or `bytes(...)` itself (not `x.bytes(...)`).
    const joinsText = (i: number): boolean => {
      if (toks[i]!.text !== "join") return toks[i - 1]?.text !== ".";
      const receiver = toks[i - 2];
      if (toks[i - 1]?.text !== "." || !receiver) return false;
      return (
        receiver.kind === "string" ||
        (receiver.kind === "name" && toks[i - 3]?.text !== "." && !MODULES.has(receiver.text))
      );
    };
    toks.forEach((t, i) => {
      const open = i + 1;
      const close = match[open];
      if (t.kind !== "name" || toks[open]?.text !== "(" || close === undefined || close === open + 1) return;
      const arg = text.slice(toks[open + 1]!.col, toks[close - 1]!.endCol);
      // One argument: a name, or a name with one call on it (`word.lower()`).
      const simple = close === open + 2 ? isName(open + 1) : /^\w+\.\w+\(\)$/.test(arg) && isName(open + 1);
      if (!simple) return;
      if (JOINS.has(t.text) && joinsText(i)) {
        add(
          replaceSpan(lineNo, text, toks, open + 1, close - 1, `reversed(${arg})`),
          WRAP_PRIORS.reversed,
          `wrap reversed(${arg})`,
        );
        add(
          replaceSpan(lineNo, text, toks, open + 1, close - 1, `sorted(${arg})`),
          WRAP_PRIORS.sorted,
          `wrap sorted(${arg})`,
        );
      }
      const name = toks[open + 1]!.text;
      if (
        CASE_BLIND.has(t.text) &&
        toks[i - 1]?.text !== "." &&
        close === open + 2 &&
        !NOT_TEXT.has(kinds.get(name) ?? "")
      )
        add(
          replaceSpan(lineNo, text, toks, open + 1, open + 1, `${name}.lower()`),
          WRAP_PRIORS.lower,
          `wrap ${name}.lower()`,
        );
    });
    // for ch in text:
    const f = toks.findIndex((x) => x.text === "for");
    const inAt = toks.findIndex((x, k) => k > f && x.text === "in");
    if (f < 0 || inAt < 0 || toks[inAt + 2]?.text !== ":" || !isName(inAt + 1)) return;
    const name = toks[inAt + 1]!.text;
    if (!NOT_TEXT.has(kinds.get(name) ?? ""))
      add(
        replaceSpan(lineNo, text, toks, inAt + 1, inAt + 1, `${name}.lower()`),
        WRAP_PRIORS.lower,
        `wrap ${name}.lower()`,
      );
  });
}
