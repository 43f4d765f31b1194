import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { SEP, type CodeNgramFile } from "./CodeNgram.js";
import { pyNames, pyTokens } from "./pyTokens.js";

export interface TrainCodeNgramOptions {
  /** Python source texts (a corpus of ordinary code: never a benchmark's tasks or fixes). */
  sources: readonly string[];
  /** n (default 4). */
  order?: number;
  /** n-grams (n > 1) seen fewer times are dropped (default 2): the file stays small. */
  minCount?: number;
  /** Names kept as themselves: those in at least this many sources (default 20). */
  keepFiles?: number;
  trainedOn?: unknown;
}

/** Counts a corpus into a code n-gram file (CodeNgram.ts). Deterministic: sorted keys. */
export function trainCodeNgram(options: TrainCodeNgramOptions): CodeNgramFile {
  const order = options.order ?? 4;
  const df = new Map<string, number>();
  for (const s of options.sources) for (const n of new Set(pyNames(s))) df.set(n, (df.get(n) ?? 0) + 1);
  const keep = [...df]
    .filter(([, c]) => c >= (options.keepFiles ?? 20))
    .map(([n]) => n)
    .sort();
  const keepSet = new Set(keep);
  const counts = new Map<string, number>();
  for (const s of options.sources) {
    const toks = ["<s>", ...pyTokens(s, { keep: keepSet })];
    for (let i = 1; i < toks.length; i++)
      for (let n = 1; n <= order && i - n + 1 >= 0; n++) {
        const gram = toks.slice(i - n + 1, i + 1).join(SEP);
        counts.set(gram, (counts.get(gram) ?? 0) + 1);
      }
  }
  const minCount = options.minCount ?? 2;
  const kept: Record<string, number> = {};
  for (const [g, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
    if (c >= minCount || !g.includes(SEP)) kept[g] = c;
  return { format: "coe-ngram/1", order, keep, counts: kept, minCount, trainedOn: options.trainedOn };
}

/** Folders left out of a corpus walk: test suites, vendored and generated code. */
const SKIP = /^(test|tests|idlelib|lib2to3|site-packages|dist-packages|__pycache__|node_modules|\..*)$/;

/** The .py files under some folders (sorted; tests and vendored packages left out). */
export function pythonFiles(dirs: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      if (SKIP.test(entry)) continue;
      const path = join(dir, entry);
      const st = statSync(path, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(path);
      else if (st?.isFile() && entry.endsWith(".py")) files.push(path);
    }
  };
  for (const d of dirs) walk(d);
  return files;
}

/** Reads a corpus, skipping files that are not UTF-8 text. */
export const readSources = (files: readonly string[]): string[] =>
  files.flatMap((f) => {
    const text = readFileSync(f, "utf8");
    return text.includes("\uFFFD") ? [] : [text];
  });
