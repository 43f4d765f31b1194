/**
 * How good are a model's proposals at the first state of each task? For every task of a suite, the
 * model samples k commands at the initial state (exactly as the search's ModelProposer does), and
 * each distinct proposal is verified. Reports, per model:
 *   fix@k   tasks where one of the k proposals already passes every test (one-edit repair);
 *   hit@k   tasks (among those a reference eval run solved) where a proposal gives the same code as
 *           the reference search's first winning edit ("proposes what the search found");
 *   better  tasks where a proposal raises the number of passing tests.
 * This is the direct measure of learning from search (issue #4): the round trained on search traces
 * should propose the search's edits more often than the model it started from and than a control.
 *   node --import tsx scripts/proposal-hits.ts --suite mbpp-repair --limit 50 --ref runs/learn/mbpp50-base.json \
 *     [--samples 8] MODEL.gguf [MODEL2.gguf ...]
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildMbppRepairSuite, BUILTIN_SUITES } from "../server/src/cli/mbppRepairSuite.js";
import { applyCommand, joinLines, parseCommand, splitLines } from "../server/src/core/dsl/index.js";
import { parseSuite, type EvalTask } from "../server/src/core/eval/index.js";
import { testsAsText } from "../server/src/core/tool/index.js";
import { LlamaPolicy } from "../server/src/core/model/LlamaPolicy.js";
import { PythonVerifier } from "../server/src/core/python/PythonVerifier.js";
import { ModelProposer } from "../server/src/core/search/ModelProposer.js";
import { renderState } from "../server/src/core/tool/index.js";
import { isSolved, type Trace, type Verdict } from "../server/src/core/types.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    suite: { type: "string" },
    limit: { type: "string", default: "0" },
    ref: { type: "string" },
    samples: { type: "string", default: "8" },
  },
});
const suite = String(values.suite);
let tasks: EvalTask[] =
  suite in BUILTIN_SUITES ? await buildMbppRepairSuite(suite) : parseSuite(readFileSync(suite, "utf8"), suite);
if (Number(values.limit) > 0) tasks = tasks.slice(0, Number(values.limit));
const ref = new Map<string, Trace>();
if (values.ref)
  for (const r of JSON.parse(readFileSync(values.ref, "utf8")).results as {
    id: string;
    solved: boolean;
    trace: Trace;
  }[])
    if (r.solved && r.trace.steps[0]?.command !== "EXIT") ref.set(r.id, r.trace);

const passed = (v: Verdict): number => (v.kind === "ok" ? v.passed : 0);
const verifier = new PythonVerifier({});
try {
  // The initial verdicts once, shared by every model.
  const initial = new Map<string, Verdict>();
  for (const t of tasks)
    initial.set(t.id, await verifier.verify({ code: t.code, tests: { kind: "snippets", snippets: t.tests } }));
  console.log(
    ["model", "tasks", `fix@${values.samples}`, "better", `hit@${values.samples} (of ref-solved)`].join("\t"),
  );
  for (const modelPath of positionals) {
    const policy = await LlamaPolicy.load({ modelPath });
    const proposer = new ModelProposer({ policy, samples: Number(values.samples), seed: 1 });
    let fix = 0;
    let better = 0;
    let hit = 0;
    try {
      for (const t of tasks) {
        const verdict = initial.get(t.id)!;
        const lines = splitLines(t.code);
        const rendered = renderState(lines, verdict);
        const header = {
          ...(t.description ? { description: t.description } : {}),
          tests: testsAsText({ kind: "snippets", snippets: t.tests }),
        };
        const proposals = await proposer.propose(
          {
            id: 0,
            code: t.code,
            lines,
            verdict,
            rendered,
            path: [],
            depth: 0,
            context: { header, states: [rendered], commands: [] },
          },
          { limit: 64 },
        );
        const codes = proposals.map((p) => joinLines(applyCommand(lines, p.command).lines));
        const target = ref.get(t.id);
        if (target) {
          const want = joinLines(applyCommand(lines, parseCommand(target.steps[0]!.command)).lines);
          if (codes.includes(want)) hit++;
        }
        let fixed = false;
        let improved = false;
        for (const code of codes) {
          const v = await verifier.verify({ code, tests: { kind: "snippets", snippets: t.tests } });
          if (isSolved(v)) fixed = true;
          if (passed(v) > passed(verdict)) improved = true;
        }
        fix += fixed ? 1 : 0;
        better += improved ? 1 : 0;
      }
    } finally {
      await proposer.dispose();
      await policy.dispose();
    }
    console.log(
      [
        modelPath.split("/").pop(),
        tasks.length,
        fix,
        better,
        `${hit}/${tasks.filter((t) => ref.has(t.id)).length}`,
      ].join("\t"),
    );
  }
} finally {
  await verifier.dispose();
}
