/**
 * The generalisation probe's cost (#10, docs/probe.md): a search with the probe checks each fix that
 * passes the visible tests before taking it (one run of up to 12 calls next to the tests' inputs, and
 * once per search the same run on the starting code). This measures, in one run, the ms of a probe
 * check next to the ms of one ordinary test run of the same fix, on the correct fixes of the first
 * tasks of suites/real-bugs.jsonl (tune split; a correct fix must never be flagged, counted too).
 * `node --import tsx bench/probe.ts [--tasks 12] [--split tune|report|all]`
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { PythonVerifier } from "../server/src/core/python/PythonVerifier.js";
import { GeneralisationProbe } from "../server/src/core/search/GeneralisationProbe.js";
import type { TestSource } from "../server/src/core/types.js";
import { parseSuite, splitHidden, type EvalTask } from "../server/src/core/eval/index.js";

const ROOT = new URL("..", import.meta.url).pathname;

/** A real-bugs task: the suite's reader keeps its reference fix too. */
type SuiteTask = EvalTask & { fixed: string };

export async function benchProbe(argv: string[] = []): Promise<Record<string, number | string>> {
  const { values } = parseArgs({
    args: argv,
    options: { tasks: { type: "string", default: "12" }, split: { type: "string", default: "tune" } },
  });
  const tasks = (parseSuite(readFileSync(`${ROOT}suites/real-bugs.jsonl`, "utf8")) as SuiteTask[])
    .filter((t) => values.split === "all" || t.split === values.split)
    .slice(0, Number(values.tasks));
  const verifier = new PythonVerifier({ concurrency: 1 });
  let testMs = 0;
  let probeMs = 0;
  let referenceMs = 0;
  let calls = 0;
  let flagged = 0;
  try {
    // Warm the worker first, so that neither side pays its start-up.
    await verifier.verify({ code: "x = 1\n", tests: { kind: "snippets", snippets: ["assert x == 1"] } });
    for (const t of tasks) {
      const tests: TestSource = { kind: "snippets", snippets: splitHidden(t.tests, 0.5).visible };
      let t0 = performance.now();
      await verifier.verify({ code: t.fixed, tests, timeoutMs: 5000 });
      testMs += performance.now() - t0;
      const probe = new GeneralisationProbe({
        code: t.code,
        tests,
        verify: (code, probes) => verifier.verify({ code, tests: probes, timeoutMs: 2000, coverage: true }),
      });
      calls += probe.calls.length;
      t0 = performance.now();
      await probe.check(t.code); // the starting code's run, once per search (and a check of itself)
      referenceMs += performance.now() - t0;
      t0 = performance.now();
      const outcome = await probe.check(t.fixed);
      probeMs += performance.now() - t0;
      if (outcome.suspect) flagged++;
    }
  } finally {
    await verifier.dispose();
  }
  const n = Math.max(1, tasks.length);
  return {
    tasks: tasks.length,
    "probe calls per task": calls / n,
    "test run ms (the fix, visible tests)": testMs / n,
    "probe check ms (the fix)": probeMs / n,
    "check ms of the starting code itself": referenceMs / n,
    "probe check / test run": probeMs / Math.max(1e-9, testMs),
    "correct fixes flagged (should be 0)": flagged,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const row = await benchProbe(process.argv.slice(2));
  for (const [k, v] of Object.entries(row)) console.log(`${k.padEnd(44)} ${typeof v === "number" ? +v.toFixed(3) : v}`);
}
