import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PythonVerifier } from "../python/PythonVerifier.js";
import { makeRepairSuite } from "../synth/makeRepairSuite.js";
import { parseSuite, type EvalTask } from "./EvalTask.js";
import { BUILTIN_SUITES, MBPP_SUITE_VERSION, SPLIT, splitOf, type MbppSuiteSource } from "./suitePolicy.js";

export interface LoadBuiltinSuiteOptions {
  /** A key of BUILTIN_SUITES. */
  name: string;
  /** The package folder: hand-written suite files are read relative to it. */
  root: string;
  /** Where built MBPP suites are cached. */
  cacheDir: string;
  /** A full mbpp.jsonl, called only when an MBPP suite must be built (default: the package's data/mbpp/, core/resources.ts). */
  mbppPath?: () => string;
  /** Progress lines ("building ... (once)"). */
  log?: (line: string) => void;
}

/**
 * The tasks of a built-in suite (suitePolicy.ts): an MBPP suite is built once from its split with its
 * seed and cached (building verifies every corruption: about a minute for the test split); a
 * hand-written suite is read from its file. A split keeps the tasks whose id hashes to it; a task
 * that carries its own split label must agree with the hash, so a split can never silently move.
 */
export async function loadBuiltinSuite(options: LoadBuiltinSuiteOptions): Promise<EvalTask[]> {
  const spec = BUILTIN_SUITES[options.name];
  if (!spec) throw new Error(`unknown built-in suite ${options.name}`);
  const all =
    spec.source.kind === "file"
      ? readSuiteFile(options.name, join(options.root, spec.source.file))
      : await buildMbppSuite(spec.source, options);
  const seed = spec.source.splitSeed ?? SPLIT.seed;
  const labelled = all.map((t) => {
    const split = splitOf(t.id, seed);
    if (t.split !== undefined && t.split !== split)
      throw new Error(`${options.name}: task ${t.id} is labelled ${t.split} but its id hashes to ${split}`);
    return { ...t, split };
  });
  return spec.split ? labelled.filter((t) => t.split === spec.split) : labelled;
}

function readSuiteFile(name: string, path: string): EvalTask[] {
  if (!existsSync(path))
    throw new Error(`${name}: ${path} not found (hand-written suites come with the repository, not the .vsix)`);
  return parseSuite(readFileSync(path, "utf8"), path);
}

async function buildMbppSuite(source: MbppSuiteSource, options: LoadBuiltinSuiteOptions): Promise<EvalTask[]> {
  const cache = join(options.cacheDir, `${source.name}-v${MBPP_SUITE_VERSION}-${source.seed}.jsonl`);
  if (existsSync(cache)) return parseSuite(readFileSync(cache, "utf8"), cache);
  options.log?.(`building the ${source.name} suite from MBPP (once)...`);
  const verifier = new PythonVerifier({});
  try {
    const { tasks } = await makeRepairSuite({
      verifier,
      taskIds: [source.taskIds],
      seed: source.seed,
      corruptions: source.corruptions,
      ...(options.mbppPath ? { path: options.mbppPath() } : {}),
    });
    const lines = tasks.map((t) =>
      JSON.stringify({
        id: t.id,
        code: t.code,
        tests: t.tests,
        description: t.description,
        kinds: t.kinds,
        nCorruptions: t.nCorruptions,
      }),
    );
    mkdirSync(options.cacheDir, { recursive: true });
    writeFileSync(`${cache}.tmp`, lines.join("\n") + "\n");
    renameSync(`${cache}.tmp`, cache);
    return parseSuite(lines.join("\n"), source.name);
  } finally {
    await verifier.dispose();
  }
}
