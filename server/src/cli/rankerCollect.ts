import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import pc from "picocolors";
import { splitHidden, trainableError, type EvalTask } from "../core/eval/index.js";
import { DatasetStore } from "../core/dataset/DatasetStore.js";
import type { TestSource } from "../core/types.js";
import { collectRankGroup } from "../core/rank/collectRankGroup.js";
import { repairRankTask } from "../core/rank/rankerRound.js";
import { parseRankGroups } from "../core/rank/RankGroup.js";
import { CodeNgram, CodeNgramError } from "../core/rank/CodeNgram.js";
import { resources } from "../core/resources.js";
import type { Policy } from "../core/model/Policy.js";
import { ModelProposer } from "../core/search/ModelProposer.js";
import { loadSuiteTasks } from "./loadSuiteTasks.js";
import { openModel, openVerifier } from "./resources.js";
import { UsageError } from "./UsageError.js";
import type { CliContext } from "./CliCommand.js";

/** collect's code n-gram: --ngram FILE, --ngram none, else models/code-ngram.json when it exists. */
function openNgram(choice: string | undefined): CodeNgram | undefined {
  if (choice === "none") return undefined;
  const path = choice ? resolve(choice) : resources.bundledNgram();
  if (!choice && !existsSync(path)) return undefined;
  try {
    return CodeNgram.load(path);
  } catch (err) {
    throw new UsageError(err instanceof CodeNgramError ? err.message : String(err));
  }
}

/** What collect needs of a task: a suite's (its tests split into visible and hidden) or a dataset record's. */
interface CollectTask {
  id: string;
  code: string;
  tests: TestSource;
  hidden?: TestSource;
  description?: string;
  split?: string;
  fileName?: string;
}

const suiteTasks = (tasks: readonly EvalTask[], hidden: number): CollectTask[] =>
  tasks.map((t) => {
    const s = splitHidden(t.tests, hidden);
    return {
      id: t.id,
      code: t.code,
      tests: { kind: "snippets", snippets: s.visible },
      ...(s.hidden.length > 0 ? { hidden: { kind: "snippets" as const, snippets: s.hidden } } : {}),
      ...(t.description ? { description: t.description } : {}),
      ...(t.split ? { split: t.split } : {}),
    };
  });

/** The user's repairs (accepted, their own fixes, searches): the initial code with its own tests. Only
 *  trainable tasks ever reach a dataset (recordRepair refuses held-out suites). */
async function datasetTasks(dir: string): Promise<CollectTask[]> {
  const { records, warnings } = await new DatasetStore({ dir: resolve(dir) }).read();
  for (const w of warnings) process.stderr.write(pc.yellow(`dataset: ${w.message}\n`));
  if (records.length === 0) throw new UsageError(`no repairs in the dataset ${dir}`);
  return records.flatMap((r) => repairRankTask(r) ?? []);
}

/** `coe ranker collect` (rankerCommand, whose `usage` it prints on bad arguments): every candidate of each
 *  task's initial state, verified, one JSON line per task, from a suite or a dataset's repairs. */
export async function collect({ values, signal, intArg, numArg }: CliContext, usage: string): Promise<number> {
  if ((!values.suite && !values.dataset) || !values.out) throw new UsageError(`usage: ${usage}`);
  const suite = values.suite ? String(values.suite) : `dataset:${String(values.dataset)}`;
  const out = resolve(String(values.out));
  const hidden = numArg("hidden", 0, 0.9);
  let tasks = (
    values.suite ? suiteTasks(await loadSuiteTasks(suite), hidden) : await datasetTasks(String(values.dataset))
  ).slice(intArg("skip", 0, 1e6));
  const limit = intArg("limit", 0, 1e6);
  if (limit > 0) tasks = tasks.slice(0, limit);
  // Tasks already in the output file are skipped: an interrupted collection resumes where it stopped.
  const done = new Set(existsSync(out) ? parseRankGroups(readFileSync(out, "utf8")).groups.map((g) => g.id) : []);
  const ngram = openNgram(values.ngram as string | undefined);
  const verifier = await openVerifier();
  let policy: Policy | undefined;
  let sampler: ModelProposer | undefined;
  // --samples K: the model's K samples per state join the candidates (as in the search), so the fit
  // learns what this model's samples are worth.
  const samples = intArg("samples", 0, 64);
  if (samples > 0 && values.model === "none") throw new UsageError("--samples needs a model (--model M.gguf)");
  try {
    if (values.model !== "none") policy = await openModel(values.model as string | undefined, {});
    if (policy && samples > 0) sampler = new ModelProposer({ policy, samples });
    const started = performance.now();
    let n = 0;
    for (const task of tasks) {
      if (signal.aborted) break;
      n++;
      if (done.has(task.id)) continue;
      const t0 = performance.now();
      const group = await collectRankGroup({
        id: task.id,
        code: task.code,
        tests: task.tests,
        ...(task.hidden ? { hidden: task.hidden } : {}),
        ...(task.fileName ? { fileName: task.fileName } : {}),
        verifier,
        ...(ngram ? { ngram } : {}),
        ...(task.description ? { description: task.description } : {}),
        ...(policy?.scoreCommands ? { scorer: { scoreCommands: policy.scoreCommands.bind(policy) } } : {}),
        ...(sampler && policy ? { sampler: { proposer: sampler, model: policy.name } } : {}),
        signal,
      }).catch((err: unknown) => {
        if (signal.aborted) return undefined;
        process.stderr.write(pc.red(`${task.id}: ${(err as Error).message}\n`));
        return undefined;
      });
      if (!group) continue;
      const origin = trainableError({ suite, split: task.split })
        ? { suite, split: task.split, heldOut: true }
        : { suite };
      appendFileSync(out, JSON.stringify({ ...group, ...origin, model: policy?.name ?? null }) + "\n");
      const fixes = group.candidates.filter((c) => c.kind === "ok" && c.passed === group.total).length;
      process.stderr.write(
        `${pc.dim(`[${n}/${tasks.length}]`)} ${task.id}: ${group.candidates.length} candidates, ${fixes} fix(es), ` +
          pc.dim(
            `${Math.round(performance.now() - t0)} ms (elapsed ${Math.round((performance.now() - started) / 1000)} s)\n`,
          ),
      );
    }
    return signal.aborted ? 1 : 0;
  } finally {
    await sampler?.dispose();
    await policy?.dispose();
    await verifier.dispose();
  }
}
