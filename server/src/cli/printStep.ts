import pc from "picocolors";
import type { TraceStep, Verdict } from "../core/types.js";

/** Colours a unified diff for the terminal (headers dim, removals red, additions green). */
export function colourDiff(diff: string): string {
  return diff
    .split("\n")
    .filter((l) => !l.startsWith("--- ") && !l.startsWith("+++ ") && l !== "")
    .map((l) =>
      l.startsWith("@@") ? pc.cyan(l) : l.startsWith("-") ? pc.red(l) : l.startsWith("+") ? pc.green(l) : pc.dim(l),
    )
    .join("\n");
}

export function verdictSummary(v: Pick<Verdict, "kind" | "passed" | "total" | "syntax" | "detail">): string {
  switch (v.kind) {
    case "syntax":
      return pc.red(`syntax error line ${v.syntax?.line ?? "?"}: ${v.syntax?.message ?? ""}`);
    case "timeout":
      return pc.red(`timeout${v.detail ? `: ${v.detail}` : ""}`);
    case "crash":
      return pc.red(`crash${v.detail ? `: ${v.detail}` : ""}`);
    case "notests":
      return pc.yellow("no tests");
    case "ok": {
      const s = `${v.passed}/${v.total} tests pass`;
      return v.passed === v.total && v.total > 0 ? pc.green(s) : pc.yellow(s);
    }
  }
}

/** One line for the command and its outcome, then the coloured diff. */
export function formatStep(step: TraceStep, turn: number, rollout?: number): string {
  const who = rollout !== undefined ? pc.dim(`[r${rollout}] `) : "";
  const head = `${who}${pc.bold(`step ${turn}`)} ${pc.magenta(step.command)}`;
  const outcome = step.error ? pc.red(`  ✗ ${step.error}`) : step.verdict ? `  → ${verdictSummary(step.verdict)}` : "";
  const diff = step.diff ? "\n" + colourDiff(step.diff) : "";
  return `${head}${outcome}${pc.dim(`  (${step.tokens} tok, ${Math.round(step.ms)} ms)`)}${diff}`;
}
