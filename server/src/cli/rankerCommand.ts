import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import pc from "picocolors";
import { formatSampleGate } from "../core/rank/sampleGate.js";
import { injectBugs } from "../core/rank/injectBugs.js";
import { amplifyTests } from "../core/rank/amplifyTests.js";
import { loadMbpp } from "../core/synth/loadMbpp.js";
import { fitRanker } from "../core/rank/fitRanker.js";
import { crossValidate, weighedGroups } from "../core/rank/crossValidate.js";
import { parseRankGroups, sampledBy, type RankGroup } from "../core/rank/RankGroup.js";
import { formatRankReport, rankReport } from "../core/rank/rankReport.js";
import type { LearnedRanker } from "../core/rank/LearnedRanker.js";
import { pythonFiles, readSources, trainCodeNgram } from "../core/rank/trainCodeNgram.js";
import { pythonStdlib } from "./pythonStdlib.js";
import { openRanker } from "./resources.js";
import { UsageError } from "./UsageError.js";
import type { CliCommand, CliContext } from "./CliCommand.js";
import { collect } from "./rankerCollect.js";

const USAGE = [
  "coe ranker inject --out SUITE.jsonl [--per-program N] [--draw prior|uniform] [--amplify N] [--seed S] [--limit N]",
  "coe ranker collect --suite S | --dataset DIR --out GROUPS.jsonl [--model M.gguf|none] [--samples K] [--ngram N.json|none] [--hidden F] [--skip N] [--limit N]",
  "coe ranker fit --data GROUPS.jsonl[*N][,MORE] --out RANKER.json [--cv K] [--init R0.json] [--lm] [--l2 X] [--steps N]",
  "coe ranker report --data GROUPS.jsonl [RANKER.json ...]",
  "coe ranker ngram --out NGRAM.json [--corpus DIR[,DIR]] [--order N] [--min-count N]",
].join("\n       ");

/** A ranker file named on the command line, with its code n-gram (beside it, else in models/). */
const loadRanker = (path: string): LearnedRanker => openRanker(resolve(path))!;

type DataGroup = RankGroup & { heldOut?: boolean; suite?: string; model?: string | null };

/** The data files of `--data A.jsonl,B.jsonl*N`: `FILE*N` weighs each group of FILE N times in a fit
 *  (a small suite beside a large one: train-bugs' 125 groups beside 728 injected bugs). */
function readDataFiles(paths: string): Array<{ name: string; groups: DataGroup[]; times: number }> {
  return paths.split(",").map((spec) => {
    const [, p, times] = /^(.*?)(?:\*(\d+))?$/.exec(spec)!;
    const path = resolve(p!);
    if (!existsSync(path)) throw new UsageError(`no such data file: ${p}`);
    const n = times === undefined ? 1 : Number(times);
    if (n < 1 || n > 100) throw new UsageError(`${spec}: the weight after * must be 1 to 100`);
    const { groups, skipped } = parseRankGroups(readFileSync(path, "utf8"));
    if (skipped > 0) process.stderr.write(pc.yellow(`${p}: skipped ${skipped} unreadable line(s)\n`));
    return { name: p!, groups, times: n };
  });
}

/** Every group of the data files, each once (weights are for fits only). */
const readGroups = (paths: string): RankGroup[] => readDataFiles(paths).flatMap((s) => s.groups);

/** `coe ranker inject`: a suite of bugs injected into MBPP train programs by the repair operators. */
async function inject({ values, intArg }: CliContext): Promise<number> {
  if (!values.out) throw new UsageError(`usage: ${USAGE}`);
  let programs = loadMbpp({ splits: ["train"] });
  const limit = intArg("limit", 0, 1e6);
  if (limit > 0) programs = programs.slice(0, limit);
  const draw = String(values.draw ?? "prior");
  if (draw !== "prior" && draw !== "uniform") throw new UsageError("--draw must be prior or uniform");
  const amplify = intArg("amplify", 0, 50);
  if (amplify > 0) {
    const before = programs.reduce((n, p) => n + p.test_list.length, 0);
    programs = await amplifyTests({
      tasks: programs,
      perTask: amplify,
      seed: intArg("seed", 0, 2 ** 31),
      onProgress: (done, total) => {
        if (done % 50 === 0 || done === total) process.stderr.write(`amplifying tests: ${done}/${total} programs\n`);
      },
    });
    const after = programs.reduce((n, p) => n + p.test_list.length, 0);
    process.stderr.write(`${after - before} tests added to ${before} (reference solutions as the oracle)\n`);
  }
  const tasks = injectBugs({
    tasks: programs,
    perProgram: intArg("per-program", 1, 20),
    seed: intArg("seed", 0, 2 ** 31),
    draw,
  });
  writeFileSync(resolve(String(values.out)), tasks.map((t) => JSON.stringify(t)).join("\n") + "\n");
  process.stdout.write(
    `${tasks.length} injected bugs from ${programs.length} MBPP train programs in ${String(values.out)}\n`,
  );
  return 0;
}

/** `coe ranker fit`: a learned ranker from collected groups of trainable suites only; `--cv K` also
 *  reports K-fold cross-validation of the same recipe, per data file. */
async function fit({ values, intArg, numArg, signal }: CliContext): Promise<number> {
  if (!values.data || !values.out) throw new UsageError(`usage: ${USAGE}`);
  const folds = intArg("cv", 0, 50);
  if (folds === 1) throw new UsageError("--cv needs at least 2 folds");
  const sources = readDataFiles(String(values.data));
  const all = sources.flatMap((s) => s.groups);
  const trainable = sources.map((s) => ({ ...s, groups: s.groups.filter((g) => !g.heldOut) }));
  const unique = trainable.flatMap((s) => s.groups);
  if (unique.length < all.length)
    process.stderr.write(
      pc.yellow(`left out ${all.length - unique.length} group(s) of held-out suites (kept for measuring)\n`),
    );
  if (unique.length === 0) throw new UsageError("no trainable groups to fit on");
  const groups = weighedGroups(trainable);
  const lm = values.lm === true;
  const model = unique.find((g) => typeof g.model === "string")?.model ?? undefined;
  if (lm && (!model || unique.some((g) => g.candidates.some((c) => c.lm === undefined))))
    throw new UsageError("--lm needs groups collected with a model (coe ranker collect --model M.gguf)");
  // Groups with the model's samples among their candidates (collect --samples): one model only.
  const sampled = new Set(unique.flatMap((g) => sampledBy(g) ?? []));
  if (sampled.size > 1 || sampled.has(""))
    throw new UsageError(`samples of different models (or of no named model) in the data: ${[...sampled].join(", ")}`);
  const samplesOf = [...sampled][0];
  const init = values.init ? loadRanker(String(values.init)) : undefined;
  const settings = {
    ...(init ? { init: init.file } : {}),
    ...(samplesOf ? { samples: { model: samplesOf } } : {}),
    ...(lm ? { lm: { model: model!, topK: intArg("top-k", 1, 1000) } } : {}),
    l2: numArg("l2", 0, 100),
    steps: intArg("steps", 1, 1e5),
  };
  const result = fitRanker({
    groups,
    ...settings,
    onProgress: (step, loss) => process.stderr.write(pc.dim(`step ${step}: loss ${loss.toFixed(4)}\n`)),
  });
  const file = { ...result.file, trainedOn: { data: String(values.data), ...result.trainedOn } };
  writeFileSync(resolve(String(values.out)), JSON.stringify(file, null, 1) + "\n");
  const fitted = loadRanker(String(values.out));
  const gate = result.trainedOn.sampleGate;
  if (gate && gate.length === 0)
    process.stdout.write(`no group with ${samplesOf}'s samples has a fix: the search draws them at every state\n`);
  else if (gate) {
    process.stdout.write(`where ${samplesOf}'s samples paid (the search draws them only where "yes"):\n`);
    process.stdout.write(formatSampleGate(gate) + "\n");
  }
  process.stdout.write("on its own data (each group once):\n");
  process.stdout.write(formatRankReport(rankReport(unique, [{ name: "fitted", ranker: fitted }])));
  if (folds >= 2)
    for (const { source, rows } of crossValidate({
      sources: trainable,
      folds,
      ...settings,
      signal,
      onFold: (k, n) => process.stderr.write(pc.dim(`cross-validation: fold ${k} of ${n} fitted\n`)),
    }))
      process.stdout.write(`\n${source}, cross-validated:\n${formatRankReport(rows)}`);
  return 0;
}

/** `coe ranker report`: offline ranking quality (test runs to the first fix) of orders and rankers. */
async function report({ values, positionals }: CliContext): Promise<number> {
  if (!values.data) throw new UsageError(`usage: ${USAGE}`);
  const groups = readGroups(String(values.data));
  const rankers = positionals.slice(1).map((p) => ({ name: p, ranker: loadRanker(p) }));
  process.stdout.write(formatRankReport(rankReport(groups, rankers)));
  return 0;
}

/** `coe ranker ngram`: the code n-gram of the naturalness features, counted from a corpus of ordinary
 *  Python (default: the standard library of the python3 the verifier runs). */
async function ngram({ values, intArg }: CliContext): Promise<number> {
  if (!values.out) throw new UsageError(`usage: ${USAGE}`);
  const dirs = values.corpus
    ? String(values.corpus)
        .split(",")
        .map((d) => resolve(d))
    : [await pythonStdlib()];
  for (const d of dirs) if (!existsSync(d)) throw new UsageError(`no such corpus folder: ${d}`);
  const files = pythonFiles(dirs);
  if (files.length === 0) throw new UsageError(`no .py files under ${dirs.join(", ")}`);
  process.stderr.write(`counting ${files.length} Python files...\n`);
  const file = trainCodeNgram({
    sources: readSources(files),
    order: intArg("order", 1, 8),
    minCount: intArg("min-count", 1, 1000),
    trainedOn: { corpus: values.corpus ? dirs : "python3 standard library", files: files.length },
  });
  writeFileSync(resolve(String(values.out)), JSON.stringify(file) + "\n");
  process.stdout.write(
    `${Object.keys(file.counts).length} n-grams (order ${file.order}, ${file.keep.length} names kept) in ${String(values.out)}\n`,
  );
  return 0;
}

export const rankerCommand: CliCommand = {
  name: "ranker",
  summary: "learn to rank candidate edits: collect verified candidates, fit a ranker, report offline",
  usage: USAGE,
  options: {
    suite: { type: "string" },
    out: { type: "string" },
    model: { type: "string" },
    hidden: { type: "string", default: "0.5" },
    skip: { type: "string", default: "0" },
    limit: { type: "string", default: "0" },
    data: { type: "string" },
    ngram: { type: "string" },
    corpus: { type: "string" },
    order: { type: "string", default: "4" },
    "min-count": { type: "string", default: "2" },
    dataset: { type: "string" },
    init: { type: "string" },
    lm: { type: "boolean" },
    "top-k": { type: "string", default: "32" },
    l2: { type: "string", default: "0.01" },
    cv: { type: "string", default: "0" },
    steps: { type: "string", default: "300" },
    "per-program": { type: "string", default: "2" },
    samples: { type: "string", default: "0" },
    amplify: { type: "string", default: "0" },
    draw: { type: "string", default: "prior" },
    seed: { type: "string", default: "1" },
  },
  async run(context) {
    const sub = context.positionals[0];
    if (sub === "inject") return inject(context);
    if (sub === "collect") return collect(context, USAGE);
    if (sub === "fit") return fit(context);
    if (sub === "report") return report(context);
    if (sub === "ngram") return ngram(context);
    throw new UsageError(`usage: ${USAGE}`);
  },
};
