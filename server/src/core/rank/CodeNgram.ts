import { readFileSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { pyTokens } from "./pyTokens.js";

/**
 * A token n-gram model of Python (pyTokens.ts), for the ranker's naturalness feature: how much more or
 * less likely an edit makes its code ("On the naturalness of buggy code": buggy lines are less
 * natural than their fixes). Interpolated absolute discounting (D = 0.75) down to an add-one unigram.
 * Trained by `coe ranker ngram` on a corpus of Python files (never a benchmark's data), stored as JSON
 * with its counts pruned (models/code-ngram.json).
 */
export interface CodeNgramFile {
  format: "coe-ngram/1";
  order: number;
  /** Names kept as themselves (pyTokens' keep). */
  keep: string[];
  /** "t1 t2 ... tn" -> count, for every order 1..n (pruned: counts below `minCount` dropped for n > 1). */
  counts: Record<string, number>;
  minCount: number;
  trainedOn?: unknown;
}

export class CodeNgramError extends Error {}

const DISCOUNT = 0.75;
/** Joins the tokens of an n-gram key. */
export const SEP = " ";

export class CodeNgram {
  /** count of (context, token) and, per context, its total count and number of distinct followers. */
  private readonly counts = new Map<string, number>();
  private readonly context = new Map<string, { total: number; types: number }>();
  private readonly keep: ReadonlySet<string>;
  private readonly vocab: number;
  private readonly unigramTotal: number;

  /** name: how rankers and collected groups refer to it (its file name, e.g. code-ngram.json). */
  constructor(
    readonly file: CodeNgramFile,
    readonly name = "code-ngram.json",
  ) {
    this.keep = new Set(file.keep);
    let vocab = 0;
    let uni = 0;
    for (const [gram, c] of Object.entries(file.counts)) {
      this.counts.set(gram, c);
      const cut = gram.lastIndexOf(SEP);
      const ctx = cut < 0 ? "" : gram.slice(0, cut);
      const e = this.context.get(ctx) ?? { total: 0, types: 0 };
      e.total += c;
      e.types += 1;
      this.context.set(ctx, e);
      if (cut < 0) {
        vocab++;
        uni += c;
      }
    }
    this.vocab = vocab + 1;
    this.unigramTotal = uni;
  }

  /** Models already read, by path, with the file's size and time: a repair does not parse 2 MB again. */
  private static readonly loaded = new Map<string, { stamp: string; ngram: CodeNgram }>();

  /**
   * Reads and checks a model file (kept while the file is unchanged); a missing, torn or foreign file
   * is a CodeNgramError naming it.
   */
  static load(path: string): CodeNgram {
    const full = resolve(path);
    const st = statSync(full, { throwIfNoEntry: false });
    const stamp = st ? `${st.size}:${st.mtimeMs}` : "";
    const hit = CodeNgram.loaded.get(full);
    if (hit && hit.stamp === stamp) return hit.ngram;
    const ngram = CodeNgram.read(full);
    CodeNgram.loaded.set(full, { stamp, ngram });
    return ngram;
  }

  private static read(path: string): CodeNgram {
    let raw: Partial<CodeNgramFile>;
    try {
      raw = JSON.parse(readFileSync(path, "utf8")) as Partial<CodeNgramFile>;
    } catch (err) {
      throw new CodeNgramError(`cannot read code n-gram ${path}: ${(err as Error).message}`);
    }
    if (
      raw.format !== "coe-ngram/1" ||
      !(Number.isInteger(raw.order) && raw.order! >= 1) ||
      !Array.isArray(raw.keep) ||
      typeof raw.counts !== "object" ||
      raw.counts === null
    )
      throw new CodeNgramError(`${path} is not a coe code n-gram (format coe-ngram/1)`);
    return new CodeNgram(raw as CodeNgramFile, basename(path));
  }

  /** The model's tokens for a source text. */
  tokens(source: string): string[] {
    return ["<s>", ...pyTokens(source, { keep: this.keep })];
  }

  /** log P(toks[i] | the n-1 before it). */
  private logProb(toks: readonly string[], i: number): number {
    const w = toks[i]!;
    let p = ((this.counts.get(w) ?? 0) + 1) / (this.unigramTotal + this.vocab);
    for (let n = 2; n <= this.file.order && i - n + 1 >= 0; n++) {
      const ctx = toks.slice(i - n + 1, i).join(SEP);
      const e = this.context.get(ctx);
      if (!e) break;
      const c = this.counts.get(ctx + SEP + w) ?? 0;
      p = Math.max(c - DISCOUNT, 0) / e.total + ((DISCOUNT * e.types) / e.total) * p;
    }
    return Math.log(p);
  }

  /** Total log-probability of a source text's tokens. */
  score(source: string): number {
    const toks = this.tokens(source);
    let s = 0;
    for (let i = 1; i < toks.length; i++) s += this.logProb(toks, i);
    return s;
  }

  /** Per-token log-probabilities (index i: toks[i + 1]), for tests and for scoring a window. */
  tokenScores(source: string): { tokens: string[]; logProbs: number[] } {
    const toks = this.tokens(source);
    const logProbs: number[] = [];
    for (let i = 1; i < toks.length; i++) logProbs.push(this.logProb(toks, i));
    return { tokens: toks.slice(1), logProbs };
  }
}
