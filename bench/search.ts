/**
 * Model-free search on corrupted MBPP programs: how many bugs the mutation search repairs, in how
 * many test runs. `node --import tsx bench/search.ts [--tasks 40] [--budget 20] [--edits 1] [--seed 1]`
 *
 * Bugs: MBPP evaluation-split programs (task_id 11-510) corrupted by `edits` random edits drawn
 * uniformly (not by rank) from the mutation operators' own proposals, keeping only corruptions that
 * fail a visible test. The search sees the first two asserts; the third is hidden (overfit check).
 * Caveat: the corruptions come from the same operator family the search uses, so this measures
 * ranking and fault localisation (test runs to a fix), not the reach of the operators on human bugs.
 */
import { readFileSync } from "node:fs";
import { resources } from "../server/src/core/resources.js";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { applyCommand, joinLines, splitLines } from "../server/src/core/dsl/index.js";
import { PythonVerifier } from "../server/src/core/python/PythonVerifier.js";
import { MutationProposer, mutationProposals } from "../server/src/core/search/MutationProposer.js";
import { searchRepair } from "../server/src/core/search/searchRepair.js";
import { makeRng } from "../server/src/core/synth/rng.js";
import type { TestSource, Verdict } from "../server/src/core/types.js";

interface Task {
  task_id: number;
  code: string;
  test_list: string[];
  test_setup_code: string;
}

/** MBPP, all carried splits (data/mbpp/, or $COE_MBPP), found by core/resources.ts. */
const mbppText = (): string =>
  resources
    .mbppFiles(["test", "train-validation"])
    .map((f) => readFileSync(f, "utf8"))
    .join("");

export async function benchSearch(argv: string[] = []): Promise<Record<string, number | string>> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tasks: { type: "string", default: "40" },
      budget: { type: "string", default: "20" },
      edits: { type: "string", default: "1" },
      seed: { type: "string", default: "1" },
      "passed-weight": { type: "string" },
      "depth-penalty": { type: "string" },
    },
  });
  const wanted = Number(values.tasks);
  const budget = Number(values.budget);
  const edits = Number(values.edits);
  const rng = makeRng(Number(values.seed));
  const tasks = mbppText()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Task)
    .filter((t) => t.task_id >= 11 && t.task_id <= 510 && t.test_list.length >= 3 && !t.test_setup_code);
  const verifier = new PythonVerifier({ pythonPath: process.env.COE_PYTHON ?? "/usr/bin/python3", concurrency: 1 });
  const fail: Verdict = { kind: "ok", passed: 0, total: 1, tests: [], ms: 0 };
  let tried = 0,
    solved = 0,
    solvedHidden = 0,
    flagged = 0;
  const runs: number[] = [];
  let ms = 0;
  try {
    for (const task of tasks) {
      if (tried >= wanted) break;
      const original = joinLines(splitLines(task.code));
      const visible: TestSource = { kind: "snippets", snippets: task.test_list.slice(0, 2) };
      const hidden: TestSource = { kind: "snippets", snippets: task.test_list.slice(2) };
      const ok = await verifier.verify({ code: original, tests: visible, timeoutMs: 3000 });
      if (ok.kind !== "ok" || ok.passed !== ok.total) continue; // the reference itself must pass
      let lines = splitLines(original);
      const labels: string[] = [];
      for (let e = 0; e < edits; e++) {
        const all = mutationProposals(lines, fail, { limit: 100_000 });
        if (all.length === 0) break;
        const pick = rng.pick(all);
        const applied = applyCommand(lines, pick.command);
        if (applied.ok) lines = applied.lines;
        labels.push(pick.label ?? "?");
      }
      const buggy = joinLines(lines);
      const check = await verifier.verify({ code: buggy, tests: visible, timeoutMs: 3000 });
      if (check.kind === "ok" && check.passed === check.total) continue; // an equivalent mutant: not a bug
      tried++;
      // Where the exact inverse of the corruption ranks among the first proposals (1-edit bugs).
      const ranked = mutationProposals(
        lines,
        await verifier.verify({ code: buggy, tests: visible, timeoutMs: 3000, coverage: true }),
        { limit: 100_000 },
      );
      const rank = ranked.findIndex((p) => {
        const a = applyCommand(lines, p.command);
        return a.ok && joinLines(a.lines) === original;
      });
      const r = await searchRepair({
        code: buggy,
        tests: visible,
        hiddenTests: hidden,
        verifier,
        proposers: [new MutationProposer()],
        budget: { verifications: budget },
        timeoutMs: 3000,
        maxDepth: Math.max(2, edits),
        passedWeight: values["passed-weight"] ? Number(values["passed-weight"]) : undefined,
        depthPenalty: values["depth-penalty"] ? Number(values["depth-penalty"]) : undefined,
      });
      ms += r.stats.ms;
      if (r.stats.solved) {
        solved++;
        runs.push(r.stats.verifications);
        if (r.stats.solvedHidden) solvedHidden++;
        if (r.flags.length) flagged++;
      }
      process.stderr.write(
        `task ${task.task_id} [${labels.join(", ")}] inverse rank ${rank + 1}/${ranked.length}: ${r.stats.solved ? `solved in ${r.stats.verifications}` : "unsolved"}${r.stats.solved && !r.stats.solvedHidden ? " (fails hidden)" : ""}\n`,
      );
    }
  } finally {
    await verifier.dispose();
  }
  runs.sort((a, b) => a - b);
  return {
    "bugs (MBPP eval split, corrupted)": tried,
    "edits per bug": edits,
    "verification budget": budget,
    "solved (visible tests)": solved,
    "solve rate": tried ? solved / tried : 0,
    "solved and passes hidden test": solvedHidden,
    "median verifications when solved": runs.length ? runs[Math.floor(runs.length / 2)]! : 0,
    "flagged edits-test-helper": flagged,
    "mean search ms": tried ? ms / tried : 0,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const row = await benchSearch(process.argv.slice(2));
  for (const [k, v] of Object.entries(row))
    process.stdout.write(`  ${k.padEnd(40)} ${typeof v === "number" ? +v.toFixed(3) : v}\n`);
}
