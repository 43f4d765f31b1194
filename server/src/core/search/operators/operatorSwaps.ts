import type { PyAnalysis } from "../pyAnalysis.js";
import { replaceSpan, type Mutation } from "../lineEdit.js";
import { eachLine, endsOperand, primaryEnd, primaryStart } from "./exprSpans.js";

/**
 * Wrong comparison, identity or sign operators beyond the token operators' swaps (which already do
 * `<`/`<=`/`>`/`>=`/`==`/`!=`, and/or, `in` <-> `not in`, `is` -> `is not`):
 *  - identity vs equality (0.45): `x is 0` -> `x == 0`, `x == None` -> `x is None`, `is not` <-> `!=`;
 *  - emptiness vs None (0.5): `if x is None:` -> `if not x:`, `x is not None` -> `x` (and back, 0.35);
 *  - dropped negation of a name (0.35): `items[-k:] + items[:-k]` -> `items[k:] + items[:k]` (REPW
 *    replaces every `-k` on the line, so one command fixes a sign repeated on the line).
 */
export const OPERATOR_SWAP_PRIORS = { identity: 0.45, emptiness: 0.5, emptinessBack: 0.35, dropNegation: 0.35 };
const P = OPERATOR_SWAP_PRIORS;

export function operatorSwapMutations(analysis: PyAnalysis): Mutation[] {
  return eachLine(analysis, ({ lineNo, text, toks, match, add }) => {
    toks.forEach((t, i) => {
      const next = toks[i + 1];
      const prev = toks[i - 1];
      if (t.text === "is" && t.kind === "name") {
        const negated = next?.text === "not";
        const rhsAt = negated ? i + 2 : i + 1;
        add(
          replaceSpan(lineNo, text, toks, i, negated ? i + 1 : i, negated ? "!=" : "=="),
          P.identity,
          `${negated ? "is not -> !=" : "is -> =="}`,
        );
        // x is None -> not x ; x is not None -> x
        const ls = primaryStart(toks, match, i - 1);
        const rhs = toks[rhsAt];
        const after = toks[rhsAt + 1];
        if (ls >= 0 && rhs?.text === "None" && (!after || ["and", "or", ":", ")"].includes(after.text))) {
          const subject = text.slice(toks[ls]!.col, toks[i - 1]!.endCol);
          const before = toks[ls - 1];
          if (!before || ["if", "elif", "while", "and", "or", "(", "return", "="].includes(before.text))
            add(
              replaceSpan(lineNo, text, toks, ls, rhsAt, negated ? subject : `not ${subject}`),
              P.emptiness,
              negated ? "is not None -> truthy" : "is None -> falsy",
            );
        }
      }
      if ((t.text === "==" || t.text === "!=") && next?.text === "None")
        add(
          replaceSpan(lineNo, text, toks, i, i, t.text === "==" ? "is" : "is not"),
          P.identity,
          `${t.text} None -> is`,
        );
      // not x -> x is None (the other direction of the emptiness swap).
      if (t.text === "not" && t.kind === "name" && next?.kind === "name" && next.text !== "in" && !endsOperand(prev)) {
        const re = primaryEnd(toks, match, i + 1);
        const after = toks[re + 1];
        if (re > i && (!after || ["and", "or", ":", ")"].includes(after.text))) {
          const subject = text.slice(next.col, toks[re]!.endCol);
          add(replaceSpan(lineNo, text, toks, i, re, `${subject} is None`), P.emptinessBack, "falsy -> is None");
        }
      }
      // Unary minus on a name: drop it everywhere on the line (REPW replaces every occurrence).
      if (t.text === "-" && next?.kind === "name" && !endsOperand(prev) && toks[i + 2]?.text !== "(") {
        const old = `-${next.text}`;
        if (text.slice(t.col, next.endCol) === old && !new RegExp(`-${next.text}\\w`).test(text))
          add({ op: "REPW", line: lineNo, old, new: next.text }, P.dropNegation, `drop sign of ${next.text}`);
      }
    });
  });
}
