/**
 * What the listing-aware grammar buys (commandGrammar's `listing`, docs/DESIGN.md §1): coe-tiny's 8
 * samples at the initial state of the first tasks of real-bugs-tune and mbpp-val-repair-tune, drawn
 * with REPW's <old> restricted to text on the named line and with any text (the earlier grammar),
 * alternating state by state. Prints the share of samples that cannot be used (do not apply, change
 * nothing, EXIT), the distinct proposals per state, and the ratio of sampling time, from one run.
 * `node --import tsx bench/grammar.ts [--tasks 12] [--samples 8]`
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { LlamaPolicy } from "../server/src/core/model/LlamaPolicy.js";
import { PythonVerifier } from "../server/src/core/python/PythonVerifier.js";
import { ModelProposer } from "../server/src/core/search/ModelProposer.js";
import { makeSearchState } from "../server/src/core/search/Proposer.js";
import { loadSuiteTasks } from "../server/src/cli/loadSuiteTasks.js";
import { splitHidden } from "../server/src/core/eval/index.js";
import { testsAsText } from "../server/src/core/tool/testsAsText.js";

const ROOT = new URL("..", import.meta.url).pathname;

interface Arm {
  samples: number;
  unusable: number;
  distinct: number;
  ms: number;
}

export async function benchGrammar(argv: string[] = []): Promise<Record<string, number | string>> {
  const { values } = parseArgs({
    args: argv,
    options: { tasks: { type: "string", default: "12" }, samples: { type: "string", default: "8" } },
  });
  const modelPath = `${ROOT}models/coe-tiny.gguf`;
  if (!existsSync(modelPath)) throw new Error(`no model at ${modelPath}`);
  const policy = await LlamaPolicy.load({ modelPath });
  const verifier = new PythonVerifier({ pythonPath: process.env.COE_PYTHON ?? "/usr/bin/python3", concurrency: 1 });
  const row: Record<string, number | string> = {};
  try {
    for (const suite of ["real-bugs-tune", "mbpp-val-repair-tune"]) {
      const arms = { onLine: arm(), any: arm() };
      for (const task of (await loadSuiteTasks(suite)).slice(0, Number(values.tasks))) {
        const tests = { kind: "snippets" as const, snippets: splitHidden(task.tests, 0.5).visible };
        const verdict = await verifier.verify({ code: task.code, tests });
        const header = { tests: testsAsText(tests), ...(task.description ? { description: task.description } : {}) };
        const state = makeSearchState({ id: 0, code: task.code, verdict, header });
        for (const oldOnLine of [true, false]) {
          const proposer = new ModelProposer({ policy, samples: Number(values.samples), oldOnLine });
          const t0 = performance.now();
          const proposals = await proposer.propose(state, { limit: 1000 });
          const a = oldOnLine ? arms.onLine : arms.any;
          a.ms += performance.now() - t0;
          a.samples += proposer.stats.samples;
          a.unusable += proposer.stats.unusable;
          a.distinct += proposals.length;
          await proposer.dispose();
        }
      }
      const { onLine, any } = arms;
      row[`${suite}: samples per arm`] = onLine.samples;
      row[`${suite}: unusable samples, <old> on the line | any <old> (%)`] =
        `${pct(onLine.unusable, onLine.samples)} | ${pct(any.unusable, any.samples)}`;
      row[`${suite}: distinct proposals, on the line / any (x)`] = onLine.distinct / Math.max(1, any.distinct);
      row[`${suite}: sampling time, on the line / any (x)`] = onLine.ms / any.ms;
    }
  } finally {
    await verifier.dispose();
    await policy.dispose();
  }
  return row;
}

const arm = (): Arm => ({ samples: 0, unusable: 0, distinct: 0, ms: 0 });
const pct = (n: number, d: number): string => ((100 * n) / Math.max(1, d)).toFixed(1);

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const row = await benchGrammar(process.argv.slice(2));
  for (const [k, v] of Object.entries(row)) console.log(`${k.padEnd(64)} ${typeof v === "number" ? +v.toFixed(3) : v}`);
}
