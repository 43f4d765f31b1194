// Solve rate vs verification budget from `coe eval --json` files of search runs (mutate/hybrid/model
// modes at one large budget). The search is best-first and deterministic for a seed, so a task solved
// after k test runs at budget B is solved at any budget >= k (the same candidates in the same order).
// Usage: node scripts/budget-curve.mjs runs/eval/a.json [b.json ...] [--budgets 5,20,100]
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const at = args.indexOf("--budgets");
const budgets = at >= 0 ? args.splice(at, 2)[1].split(",").map(Number) : [5, 20, 100];
console.log(["file", "mode", "tasks", ...budgets.map((b) => `solved@${b}`), "runs/solve"].join("\t"));
for (const file of args) {
  const { mode, results } = JSON.parse(readFileSync(file, "utf8"));
  const solved = results.filter((r) => r.solved);
  const cells = budgets.map((b) => {
    const n = solved.filter((r) => r.testRuns <= b).length;
    return `${n} (${((100 * n) / results.length).toFixed(1)}%)`;
  });
  const runsPerSolve = solved.length
    ? (results.reduce((s, r) => s + Math.min(r.testRuns, Math.max(...budgets)), 0) / solved.length).toFixed(1)
    : "-";
  console.log([file.split("/").pop(), mode, results.length, ...cells, runsPerSolve].join("\t"));
}
