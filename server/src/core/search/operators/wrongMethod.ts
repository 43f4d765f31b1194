import type { PyAnalysis } from "../pyAnalysis.js";
import { matchBrackets, replaceSpan, type Mutation } from "../lineEdit.js";

/**
 * Wrong method call: the method a call names swapped for its usual confusion, and a separator
 * argument dropped where the default is meant. Priors:
 *  - `append` <-> `extend` (0.5): `flat.append(flatten(item))` -> `flat.extend(flatten(item))`;
 *  - `startswith` <-> `endswith`, `lower` <-> `upper`, `keys` <-> `values`, `find` -> `index` (0.4);
 *    `items` <-> `keys`/`values`, `index` -> `find` (0.3); `find` -> `rfind`, `remove` -> `discard` (0.25);
 *  - `get` -> `setdefault` (0.35): `groups.get(k, []).append(w)` -> `groups.setdefault(k, []).append(w)`;
 *  - `strip` -> `lstrip`/`rstrip`, `isdigit`/`isalpha`/`isalnum` (0.25);
 *  - the end a method works from: `partition` <-> `rpartition`, `ljust` <-> `rjust`, `rsplit` -> `split`
 *    (0.3), `split` -> `rsplit`, `pop` <-> `popleft` (0.2), `rfind`/`rindex` -> `find`/`index`,
 *    `lstrip` <-> `rstrip` (0.25);
 *  - separator dropped (0.35): `text.split(" ")` -> `text.split()`, `line.strip("\n")` -> `line.strip()`;
 *  - order not reversed (0.35): `sorted(xs, key=f)` -> `sorted(xs, key=f, reverse=True)`, `xs.sort()` ->
 *    `xs.sort(reverse=True)` (`reverse=True` -> `False` is the token operators' word swap).
 * Only attribute calls (`x.name(`) are touched; builtins min/max/any/all are the token operators' word swaps.
 */
export const METHOD_SWAPS: Record<string, Array<[string, number]>> = {
  append: [["extend", 0.5]],
  extend: [["append", 0.5]],
  startswith: [["endswith", 0.4]],
  endswith: [["startswith", 0.4]],
  lower: [["upper", 0.4]],
  upper: [["lower", 0.4]],
  keys: [
    ["values", 0.4],
    ["items", 0.3],
  ],
  values: [
    ["keys", 0.4],
    ["items", 0.3],
  ],
  items: [
    ["values", 0.3],
    ["keys", 0.3],
  ],
  find: [
    ["index", 0.4],
    ["rfind", 0.25],
  ],
  index: [["find", 0.3]],
  remove: [["discard", 0.25]],
  get: [["setdefault", 0.35]],
  strip: [
    ["rstrip", 0.25],
    ["lstrip", 0.25],
  ],
  isdigit: [
    ["isalpha", 0.25],
    ["isalnum", 0.25],
  ],
  isalpha: [
    ["isalnum", 0.25],
    ["isdigit", 0.25],
  ],
  isalnum: [
    ["isalpha", 0.25],
    ["isdigit", 0.25],
  ],
  // The end a method works from (0.3): `part.rpartition("=")` -> `partition`, `stem.split(".", 1)` ->
  // `rsplit`, `frac.rjust(2, "0")` -> `ljust`, `queue.pop()` -> `popleft` (a deque used as a queue).
  partition: [["rpartition", 0.3]],
  rpartition: [["partition", 0.3]],
  split: [["rsplit", 0.2]],
  rsplit: [["split", 0.3]],
  ljust: [["rjust", 0.3]],
  rjust: [["ljust", 0.3]],
  pop: [["popleft", 0.2]],
  popleft: [["pop", 0.2]],
  rfind: [["find", 0.25]],
  rindex: [["index", 0.25]],
  lstrip: [["rstrip", 0.25]],
  rstrip: [["lstrip", 0.25]],
};
export const DROP_SEPARATOR_PRIOR = 0.35;
export const ADD_REVERSE_PRIOR = 0.35;
const SEPARATOR_METHODS = new Set(["split", "strip", "rstrip", "lstrip", "rsplit"]);

export function wrongMethodMutations(analysis: PyAnalysis): Mutation[] {
  const out: Mutation[] = [];
  analysis.lineTokens.forEach((toks, idx) => {
    const lineNo = idx + 1;
    const text = analysis.lines[idx] ?? "";
    const match = matchBrackets(toks);
    toks.forEach((t, i) => {
      const close = match[i + 1];
      const sorts =
        (t.text === "sorted" && toks[i - 1]?.text !== ".") || (t.text === "sort" && toks[i - 1]?.text === ".");
      if (sorts && t.kind === "name" && toks[i + 1]?.text === "(" && close !== undefined) {
        const args = toks.slice(i + 2, close);
        if (!args.some((a) => a.text === "reverse") && (args.length > 0 || t.text === "sort"))
          out.push({
            command: replaceSpan(lineNo, text, toks, close, close, args.length ? ", reverse=True)" : "reverse=True)"),
            line: lineNo,
            prior: ADD_REVERSE_PRIOR,
            label: `${t.text} reverse=True added`,
          });
      }
      if (t.kind !== "name" || toks[i - 1]?.text !== "." || toks[i + 1]?.text !== "(") return;
      for (const [other, prior] of METHOD_SWAPS[t.text] ?? [])
        out.push({
          command: replaceSpan(lineNo, text, toks, i, i, other),
          line: lineNo,
          prior,
          label: `method ${t.text} -> ${other}`,
        });
      if (SEPARATOR_METHODS.has(t.text) && close === i + 3 && toks[i + 2]!.kind === "string")
        out.push({
          command: replaceSpan(lineNo, text, toks, i + 1, close, "()"),
          line: lineNo,
          prior: DROP_SEPARATOR_PRIOR,
          label: `${t.text}(${toks[i + 2]!.text}) -> ${t.text}()`,
        });
    });
  });
  return out;
}
