// Solve rate vs verification budget from `coe eval --json` files of search runs (mutate/hybrid/model
// modes at one large budget). The search is best-first and deterministic for a seed, so a task solved
// after k test runs at budget B is solved at any budget >= k (the same candidates in the same order).
// Usage: node scripts/budget-curve.mjs runs/eval/a.json [b.json ...] [--budgets 5,20,100] [--compare A.json B.json] [--visible]
//        (--compare A1.json,A2.json B1.json,B2.json pools several suites into one paired comparison)
// A fix that passes the visible tests but fails the hidden ones (eval --hidden) counts as a failure:
// over-fitted is not solved. --visible counts it as solved (the search's own view), for comparison.
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const at = args.indexOf("--budgets");
const budgets = at >= 0 ? args.splice(at, 2)[1].split(",").map(Number) : [5, 20, 100];
const visibleAt = args.indexOf("--visible");
const visibleOnly = visibleAt >= 0;
if (visibleOnly) args.splice(visibleAt, 1);
/** The results of an eval file, each `solved` only when the hidden tests (if any) pass too, unless --visible. */
const readResults = (file) => {
  const { mode, results } = JSON.parse(readFileSync(file, "utf8"));
  return {
    mode,
    results: results.map((r) => ({
      ...r,
      overfitted: r.solved && r.solvedHidden === false,
      solved: r.solved && (visibleOnly || r.solvedHidden !== false),
    })),
  };
};
const compareAt = args.indexOf("--compare");
if (compareAt >= 0) args.splice(compareAt, 3);
console.log(
  [
    "file",
    "mode",
    "tasks",
    ...budgets.map((b) => `solved@${b}`),
    "runs/solve",
    "mean|median runs/solved",
    "hidden",
    "over-fitted",
  ].join("\t"),
);
for (const file of args) {
  const { mode, results } = readResults(file);
  const solved = results.filter((r) => r.solved);
  const cells = budgets.map((b) => {
    const n = solved.filter((r) => r.testRuns <= b).length;
    return `${n} (${((100 * n) / results.length).toFixed(1)}%)`;
  });
  const runsPerSolve = solved.length
    ? (results.reduce((s, r) => s + Math.min(r.testRuns, Math.max(...budgets)), 0) / solved.length).toFixed(1)
    : "-";
  // Test runs of the solved tasks only, and how many solved tasks also pass the hidden tests (--hidden).
  const runs = solved.map((r) => r.testRuns).sort((x, y) => x - y);
  const mean = runs.length ? (runs.reduce((s, x) => s + x, 0) / runs.length).toFixed(1) : "-";
  const median = runs.length ? String(runs[Math.floor((runs.length - 1) / 2)]) : "-";
  const hidden = solved.some((r) => r.solvedHidden !== undefined)
    ? `${solved.filter((r) => r.solvedHidden).length}/${solved.length}`
    : "-";
  console.log(
    [
      file.split("/").pop(),
      mode,
      results.length,
      ...cells,
      runsPerSolve,
      `${mean} | ${median}`,
      hidden,
      results.filter((r) => r.overfitted).length,
    ].join("\t"),
  );
}

// --compare A.json B.json: the same tasks under two models (or modes): who solves what, and on the
// tasks both solve, the test runs each needed (the learning-from-search effect, issue #4).
const cmp = process.argv.indexOf("--compare");
if (cmp >= 0) {
  const [fa, fb] = process.argv.slice(cmp + 1, cmp + 3);
  // Comma lists pool suites (A1,A2 B1,B2: the i-th of each list runs the same suite); ids get the suite's index.
  const load = (list) => {
    const files = list.split(",");
    return new Map(
      files.flatMap((f, i) => readResults(f).results.map((r) => [files.length > 1 ? `${i}:${r.id}` : r.id, r])),
    );
  };
  if (fa.split(",").length !== fb.split(",").length)
    throw new Error("--compare: the two lists must name as many files");
  const a = load(fa);
  const b = load(fb);
  const both = [...a.keys()].filter((id) => a.get(id).solved && b.get(id)?.solved);
  const onlyA = [...a.keys()].filter((id) => a.get(id).solved && !b.get(id)?.solved);
  const onlyB = [...b.keys()].filter((id) => b.get(id).solved && !a.get(id)?.solved);
  const runs = (m) => both.map((id) => m.get(id).testRuns);
  const sum = (xs) => xs.reduce((s, x) => s + x, 0);
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
  const fewer = both.filter((id) => b.get(id).testRuns < a.get(id).testRuns).length;
  const more = both.filter((id) => b.get(id).testRuns > a.get(id).testRuns).length;
  const names = (list) =>
    list
      .split(",")
      .map((f) => f.split("/").pop())
      .join(",");
  console.log(`\n${names(fa)} -> ${names(fb)}`);
  console.log(
    `  solved by both ${both.length}, only by the first ${onlyA.length} [${onlyA.join(" ")}], only by the second ${onlyB.length} [${onlyB.join(" ")}]`,
  );
  console.log(
    `  on tasks both solve: test runs ${sum(runs(a))} -> ${sum(runs(b))} (median ${median(runs(a))} -> ${median(runs(b))}); fewer on ${fewer}, more on ${more}, same on ${both.length - fewer - more}`,
  );
  // Paired, on every task either solves (an unsolved one costs the largest budget + 1): the mean
  // difference of test runs (second - first) with a 95% bootstrap interval (seeded, 4000 resamples).
  // An interval that contains 0 means the difference is within this suite's noise.
  const either = [...a.keys()].filter((id) => a.get(id).solved || b.get(id)?.solved);
  const cap = Math.max(...budgets) + 1;
  const cost = (r) => (r?.solved ? r.testRuns : cap);
  const d = either.map((id) => cost(b.get(id)) - cost(a.get(id)));
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const means = Array.from({ length: 4000 }, () => sum(d.map(() => d[Math.floor(rand() * d.length)])) / d.length).sort(
    (x, y) => x - y,
  );
  const f = (x) => (x >= 0 ? "+" : "") + x.toFixed(2);
  console.log(
    `  paired on ${d.length} tasks either solves: ${f(sum(d) / Math.max(d.length, 1))} test runs per task [95% ${f(means[100])}, ${f(means[3899])}]`,
  );
}
