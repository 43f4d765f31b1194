import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CodeNgram } from "./CodeNgram.js";
import type { RankFeatures } from "./rankFeatures.js";

/**
 * A learned ranker of candidate edits (docs/ranking.md, "The learned ranker"): a linear score over
 * rankFeatures, fitted by `coe ranker fit` (fitRanker.ts) with a listwise loss on search outcomes of
 * the training splits. For one state's candidates,
 *
 *   edit(c) = log softmax_c(w · x(c)) + lmWeight × lm(c)
 *
 * where lm(c) is the model's log-likelihood of c's command, log-softmaxed over the state's top-K
 * candidates by w · x (the others get the state's lowest). Both terms are ≤ 0, so a child never
 * outranks its parent (the frontier's bound holds) and the model term can be added lazily.
 */
export interface RankerFile {
  format: "coe-ranker/1";
  /** Feature names, and their weights (same order); features absent from a candidate count 0. */
  features: string[];
  weights: number[];
  /** The model term: only used with the model it was fitted with (its name), else left out. */
  lm?: { weight: number; topK: number; model: string };
  /** The code n-gram of its naturalness features (a file name: beside the ranker, else in models/). */
  ngram?: string;
  /** The model whose samples the sample features (`sample`, `sampleLp`, `why:...|sample`, and `voted...`
   *  for a mutation the model sampled too) were fitted on: with another model's those weights are left out.
   *  `skip`: the failure classes of a state where that model's samples are not drawn (sampleGate.ts). */
  samples?: { model: string; skip?: string[] };
  /** How it was made (data, steps, loss) and what it measured offline: for the card, not the search. */
  trainedOn?: unknown;
  metrics?: unknown;
}

export class RankerFileError extends Error {}

const logSoftmax = (xs: readonly number[]): number[] => {
  if (xs.length === 0) return [];
  const max = Math.max(...xs);
  const log = Math.log(xs.reduce((s, x) => s + Math.exp(x - max), 0)) + max;
  return xs.map((x) => x - log);
};

export class LearnedRanker {
  private readonly index = new Map<string, number>();

  /** `ngram`: the code n-gram its naturalness features are computed with (required when file.ngram is set). */
  constructor(
    readonly file: RankerFile,
    readonly ngram?: CodeNgram,
  ) {
    if (file.ngram && ngram?.name !== file.ngram)
      throw new RankerFileError(`the ranker needs the code n-gram ${file.ngram}, got ${ngram?.name ?? "none"}`);
    file.features.forEach((f, i) => this.index.set(f, i));
  }

  /**
   * Reads and checks a ranker file, with its code n-gram (found beside it, else in `modelsDir`); a
   * missing, torn or foreign file is a RankerFileError naming it.
   */
  static load(path: string, modelsDir?: string): LearnedRanker {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, "utf8"));
    } catch (err) {
      throw new RankerFileError(`cannot read ranker ${path}: ${(err as Error).message}`);
    }
    const f = raw as Partial<RankerFile>;
    const numbers = (xs: unknown): boolean => Array.isArray(xs) && xs.every((x) => Number.isFinite(x));
    if (
      f.format !== "coe-ranker/1" ||
      !Array.isArray(f.features) ||
      !f.features.every((x) => typeof x === "string") ||
      !numbers(f.weights) ||
      f.weights!.length !== f.features.length ||
      (f.lm !== undefined &&
        !(Number.isFinite(f.lm.weight) && f.lm.weight >= 0 && f.lm.topK >= 1 && typeof f.lm.model === "string")) ||
      (f.ngram !== undefined && (typeof f.ngram !== "string" || !/^[\w.-]+$/.test(f.ngram))) ||
      (f.samples !== undefined &&
        (typeof f.samples.model !== "string" ||
          (f.samples.skip !== undefined &&
            !(Array.isArray(f.samples.skip) && f.samples.skip.every((x) => typeof x === "string")))))
    )
      throw new RankerFileError(`${path} is not a coe ranker (format coe-ranker/1 with features and weights)`);
    if (!f.ngram) return new LearnedRanker(f as RankerFile);
    const where = [join(dirname(path), f.ngram), ...(modelsDir ? [join(modelsDir, f.ngram)] : [])];
    const found = where.find((p) => existsSync(p));
    if (!found)
      throw new RankerFileError(`${path} needs the code n-gram ${f.ngram}, not found in ${where.join(" or ")}`);
    try {
      return new LearnedRanker(f as RankerFile, CodeNgram.load(found));
    } catch (err) {
      throw new RankerFileError((err as Error).message);
    }
  }

  /**
   * The ranker a ranked search uses: `choice` "none" = the hand-set score (undefined), a path = that
   * file, unset = `bundled` when it exists (models/ranker.json), else the hand-set score.
   */
  static choose(choice: string | undefined, bundled: string): LearnedRanker | undefined {
    if (choice === "none") return undefined;
    if (choice !== undefined && choice !== "") return LearnedRanker.load(choice, dirname(bundled));
    return existsSync(bundled) ? LearnedRanker.load(bundled) : undefined;
  }

  /**
   * A ranker for candidates whose features were computed already (offline reports, cross-validation):
   * it scores them without its code n-gram, which only computes the naturalness features of new ones.
   */
  static offline(file: RankerFile): LearnedRanker {
    const { ngram: _ngram, ...rest } = file;
    return new LearnedRanker(rest);
  }

  /**
   * w · x of one candidate. `model`: the model whose samples are ranked; the sample features count
   * only for the model they were fitted on (any model when undefined: offline reports of its own data).
   */
  linear(x: RankFeatures, model?: string): number {
    const samples = model === undefined || model === this.file.samples?.model;
    let s = 0;
    for (const name in x) {
      const i = this.index.get(name);
      if (i !== undefined && (samples || !isSampleFeature(name))) s += this.file.weights[i]! * x[name]!;
    }
    return s;
  }

  /** edit(c) without the model term for each of a state's candidates: log softmax of w · x (≤ 0). */
  scores(features: readonly RankFeatures[], model?: string): number[] {
    return logSoftmax(features.map((x) => this.linear(x, model)));
  }

  /** The weight of the model term when ranking with `model` (0 when fitted without it or for another model). */
  lmWeight(model: string | undefined): number {
    return this.file.lm && model === this.file.lm.model ? this.file.lm.weight : 0;
  }

  /**
   * Whether the search should draw `model`'s samples at a state failing with `why` (failureClass): not
   * where the fit found that this model's samples never brought the first fix sooner (sampleGate.ts).
   * Another model's samples, of which this ranker knows nothing, are always drawn.
   */
  drawsSamples(why: string, model: string | undefined): boolean {
    const s = this.file.samples;
    return !(s?.skip && model === s.model && s.skip.includes(why));
  }

  get topK(): number {
    return this.file.lm?.topK ?? 32;
  }
}

/** The features only a model's samples have (rankFeatures): their weights belong to one model. */
export const isSampleFeature = (name: string): boolean =>
  name.startsWith("sample") || name.endsWith("|sample") || name.startsWith("voted");

/** The indices of the top-K entries of `priority` (highest first; ties by index). */
export function topIndices(priority: readonly number[], topK: number): number[] {
  return priority
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p - a.p || a.i - b.i)
    .slice(0, Math.max(1, topK))
    .map((x) => x.i);
}

/**
 * lm(c) for n candidates from the raw log-likelihoods of the scored ones (`top`, same order as `raw`):
 * log-softmax over them; the unscored get the lowest. One definition for the search (modelTerms), for
 * fitting and for the offline report.
 */
export function spreadLm(n: number, top: readonly number[], raw: readonly number[]): number[] {
  const norm = logSoftmax(raw);
  const lm = new Array<number>(n).fill(norm.length > 0 ? Math.min(...norm) : 0);
  top.forEach((i, k) => (lm[i] = norm[k]!));
  return lm;
}
