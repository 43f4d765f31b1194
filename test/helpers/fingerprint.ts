import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TestSource } from "../../server/src/core/types.js";

/** Keys that hold wall-clock timings: left out of a fingerprint, so it depends on behaviour only. */
const TIMING_KEYS = new Set(["ms"]);

/** JSON of `value` with every timing key dropped (recursively) and object keys sorted. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (TIMING_KEYS.has(key)) return undefined;
    if (v && typeof v === "object" && !Array.isArray(v))
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return v;
  });
}

/** A short hash of a trace (or any plain JSON) minus its timings. */
export function fingerprint(value: unknown): string {
  return createHash("sha256").update(stableJson(value)).digest("hex").slice(0, 16);
}

/** A fixed repair whose result the fingerprint test pins. */
export interface FingerprintCase {
  name: string;
  code: string;
  tests: TestSource;
  description?: string;
  fileName?: string;
}

const ROOT = join(import.meta.dirname, "..", "..");

/** Three bugs of suites/real-bugs.jsonl as they were when the fingerprints were recorded (a copy, so
 *  that later edits of the suite do not move the pins). */
function realBug(id: string): FingerprintCase {
  const all = JSON.parse(readFileSync(join(import.meta.dirname, "fingerprintCases.json"), "utf8")) as Record<
    string,
    { code: string; tests: string[]; description: string }
  >;
  const t = all[id];
  if (!t) throw new Error(`no fingerprint case ${id}`);
  return { name: id, code: t.code, tests: { kind: "snippets", snippets: t.tests }, description: t.description };
}

/** The mutate-mode cases: snippets (real bugs), a pytest file and tests in the file itself (auto). */
export function mutateCases(): FingerprintCase[] {
  return [
    realBug("rb-001-chunk"),
    realBug("rb-004-leap-year"),
    realBug("rb-010-remove-negatives"),
    {
      name: "samples/buggy_stats.py (pytest)",
      code: readFileSync(join(ROOT, "samples", "buggy_stats.py"), "utf8"),
      tests: {
        kind: "pytest",
        file: "test_buggy_stats.py",
        content: readFileSync(join(ROOT, "samples", "test_buggy_stats.py"), "utf8"),
      },
      fileName: "buggy_stats.py",
    },
    {
      name: "asserts in the file (auto)",
      code: "def square(x):\n    return x * 2\n\n\nassert square(3) == 9\nassert square(0) == 0\n",
      tests: { kind: "auto" },
    },
  ];
}

/** The model-mode case: one real bug, repaired with the bundled model. */
export function modelCase(): FingerprintCase {
  return realBug("rb-001-chunk");
}
