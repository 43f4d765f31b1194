import type { RankRecord } from "../search/RankRecord.js";
import type { TestSource, Trace } from "../types.js";

/** Where a repair came from (DESIGN §6). */
export type RepairSource = "accepted" | "user-fix" | "synthetic" | "search";
export const REPAIR_SOURCES: readonly RepairSource[] = ["accepted", "user-fix", "synthetic", "search"];

export interface RepairOutcome {
  solved: boolean;
  passed: number;
  total: number;
}

/** One line of the dataset: one repair. Plain JSON. */
export interface RepairRecord {
  id: string;
  /** ISO 8601 time of the append. */
  time: string;
  source: RepairSource;
  /** The file the repair was made in (workspace-relative where known; "solution.py" for synthetic). */
  file: string;
  before: string;
  after: string;
  tests: TestSource;
  description?: string;
  /** The Chain-of-Edits trace when a model made the repair; null for fixes made by hand. */
  trace: Trace | null;
  /** The model that made it ("user" for hand fixes). */
  model: string;
  outcome: RepairOutcome;
  /** Learning to rank (#10): for each state on the winning path of a search, the winning command and the
   *  verified sibling commands that failed. Absent for repairs without a search (or older records). */
  rank?: RankRecord[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function testsError(t: unknown): string | undefined {
  if (!isObj(t)) return "tests is not an object";
  if (t.kind === "auto") return undefined;
  if (t.kind === "snippets")
    return Array.isArray(t.snippets) && t.snippets.every((s) => typeof s === "string")
      ? undefined
      : "tests.snippets must be strings";
  if (t.kind === "pytest")
    return typeof t.file === "string" && typeof t.content === "string"
      ? undefined
      : "tests.pytest needs file and content";
  return `unknown tests.kind ${JSON.stringify(t.kind)}`;
}

function traceError(t: unknown): string | undefined {
  if (t === null) return undefined;
  if (!isObj(t)) return "trace must be an object or null";
  if (typeof t.initialCode !== "string" || typeof t.finalCode !== "string")
    return "trace needs initialCode and finalCode";
  if (!Array.isArray(t.steps)) return "trace.steps must be an array";
  for (const [i, s] of t.steps.entries()) {
    if (!isObj(s) || typeof s.command !== "string" || typeof s.code !== "string")
      return `trace.steps[${i}] needs command and code`;
  }
  return undefined;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/** Checks the rank records' shape: an open episode context (one more state than commands), a winner, losers. */
export function rankError(v: unknown): string | undefined {
  if (!Array.isArray(v)) return "rank must be an array";
  for (const [i, r] of v.entries()) {
    const at = `rank[${i}]`;
    if (!isObj(r) || !isObj(r.context)) return `${at} needs a context`;
    const { header, states, commands } = r.context;
    if (!isObj(header) || typeof header.tests !== "string") return `${at}.context.header needs tests`;
    if (header.description !== undefined && typeof header.description !== "string")
      return `${at}.context.header.description must be a string`;
    if (!isStrings(states) || !isStrings(commands) || states.length !== commands.length + 1)
      return `${at}.context needs states and commands (one more state than commands)`;
    if (typeof r.winner !== "string" || r.winner === "") return `${at}.winner must be a non-empty string`;
    if (!isStrings(r.losers)) return `${at}.losers must be strings`;
  }
  return undefined;
}

/** Checks that a parsed JSON value is a RepairRecord; returns the first problem or undefined. */
export function recordError(v: unknown): string | undefined {
  if (!isObj(v)) return "not an object";
  for (const key of ["id", "time", "file", "before", "after", "model"] as const)
    if (typeof v[key] !== "string") return `${key} must be a string`;
  if (!REPAIR_SOURCES.includes(v.source as RepairSource)) return `unknown source ${JSON.stringify(v.source)}`;
  if (v.description !== undefined && typeof v.description !== "string") return "description must be a string";
  const te = testsError(v.tests);
  if (te) return te;
  const tr = traceError(v.trace);
  if (tr) return tr;
  const o = v.outcome;
  if (!isObj(o) || typeof o.solved !== "boolean" || !isNum(o.passed) || !isNum(o.total))
    return "outcome needs solved, passed, total";
  return v.rank === undefined ? undefined : rankError(v.rank);
}
