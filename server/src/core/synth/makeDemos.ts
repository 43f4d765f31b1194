import { testsAsText } from "../tool/testsAsText.js";
import type { Verifier } from "../python/Verifier.js";
import type { EpisodeHeader } from "../tool/index.js";
import { parseCommand } from "../dsl/index.js";
import { isSolved, type Command, type TestSource } from "../types.js";
import { corrupt, type CorruptionKind } from "./corrupt.js";
import { inverseEpisode, mapPool } from "./inverseEpisode.js";
import { assertTrainable, mbppSnippets, type MbppTask } from "./loadMbpp.js";
import { mixSeed } from "./rng.js";

/**
 * Synthetic Chain-of-Edits demonstrations (the paper's recipe, DESIGN §6): corrupt a correct MBPP
 * program with 1-5 random edits, keep the corruption only if the tests catch it, and record the
 * inverse trace with the real verifier's verdicts. The result is plain JSON; tokenization belongs
 * to the model side (core/model/tokenizeEpisode.ts), the text to the one formatter.
 */
export interface EpisodeDemo {
  /** "mbpp-<task>-<variant>" */
  id: string;
  taskId: number;
  header: EpisodeHeader;
  /** renderState before each command; the last command is EXIT (no state after it). */
  states: string[];
  commands: string[];
  /** The corruption kinds applied, in order. */
  kinds: string[];
  nCorruptions: number;
}

export interface MakeDemosOptions {
  /** Correct programs (loadMbpp with the train/validation splits). Test-split ids are refused. */
  tasks: readonly MbppTask[];
  verifier: Verifier;
  seed: number;
  /** Corruption attempts per program (default 3); duplicates and uncaught ones are dropped. */
  variantsPerTask?: number;
  /** Default 1 and 5. */
  minEdits?: number;
  maxEdits?: number;
  kinds?: readonly CorruptionKind[];
  /** Programs whose lines feed add-line/replace-line (default: the other tasks' code). */
  donors?: readonly string[];
  /** Feedback budget of the states; must match inference (default: renderState's). */
  feedbackTokens?: number;
  /** Drop demos with a command the inference grammar could not produce: a text longer than this
   *  (default 160, commandGrammar's default) or a REPW <old> longer than 60. */
  maxTextChars?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called as each task finishes (done of total). */
  onProgress?: (done: number, total: number) => void;
}

export interface MakeDemosStats {
  tasks: number;
  /** Tasks skipped because the reference program fails its own tests here. */
  originalsFailing: number;
  variants: number;
  duplicates: number;
  /** Corruptions the tests did not catch (dropped). */
  uncaught: number;
  /** Inverse traces whose final state was not solved (flaky tests; dropped). */
  unsolved: number;
  /** Demos with a command longer than the grammar allows (dropped). */
  tooLong: number;
  demos: number;
  verifications: number;
  ms: number;
}

/** Whether the per-turn grammar (commandGrammar) admits the command's texts. */
function fitsGrammar(c: Command, maxText: number): boolean {
  if (c.op === "ADDL" || c.op === "REPL") return c.text.length <= maxText;
  if (c.op === "REPW") return c.old.length <= Math.min(maxText, 60) && c.new.length <= maxText;
  return true;
}

export const mbppTests = (task: MbppTask): TestSource => ({ kind: "snippets", snippets: mbppSnippets(task) });

export async function makeDemos(options: MakeDemosOptions): Promise<{ demos: EpisodeDemo[]; stats: MakeDemosStats }> {
  assertTrainable(options.tasks.map((t) => t.task_id));
  const t0 = performance.now();
  const variants = options.variantsPerTask ?? 3;
  const maxText = options.maxTextChars ?? 160;
  const allCode = options.donors ?? options.tasks.map((t) => t.code);
  const stats: MakeDemosStats = {
    tasks: options.tasks.length,
    originalsFailing: 0,
    variants: 0,
    duplicates: 0,
    uncaught: 0,
    unsolved: 0,
    tooLong: 0,
    demos: 0,
    verifications: 0,
    ms: 0,
  };
  let done = 0;
  const verifier: Verifier = {
    concurrency: options.verifier.concurrency,
    verify: (r) => {
      stats.verifications++;
      return options.verifier.verify(r);
    },
    dispose: async () => undefined,
  };

  const perTask = await mapPool(options.tasks, options.verifier.concurrency, async (task) => {
    options.signal?.throwIfAborted();
    const tests = mbppTests(task);
    const verify = (code: string) =>
      verifier.verify({ code, tests, timeoutMs: options.timeoutMs, signal: options.signal });
    const out: EpisodeDemo[] = [];
    if (!isSolved(await verify(task.code))) {
      stats.originalsFailing++;
    } else {
      const donors = allCode.filter((c) => c !== task.code);
      const header: EpisodeHeader = { description: task.text, tests: testsAsText(tests) };
      const seen = new Set<string>();
      for (let v = 0; v < variants; v++) {
        stats.variants++;
        const c = corrupt(task.code, {
          seed: mixSeed(options.seed, task.task_id, v),
          minEdits: options.minEdits,
          maxEdits: options.maxEdits,
          kinds: options.kinds,
          donors,
        });
        if (c.edits.length === 0 || seen.has(c.code)) {
          stats.duplicates++;
          continue;
        }
        seen.add(c.code);
        const initial = await verify(c.code);
        if (isSolved(initial)) {
          stats.uncaught++;
          continue;
        }
        const ep = await inverseEpisode({
          corrupted: c.code,
          original: task.code,
          tests,
          verifier,
          initial,
          feedbackTokens: options.feedbackTokens,
          timeoutMs: options.timeoutMs,
          signal: options.signal,
        });
        if (!isSolved(ep.verdicts[ep.verdicts.length - 1]!)) {
          stats.unsolved++;
          continue;
        }
        if (!ep.commands.every((c) => fitsGrammar(parseCommand(c), maxText))) {
          stats.tooLong++;
          continue;
        }
        out.push({
          id: `mbpp-${task.task_id}-${v}`,
          taskId: task.task_id,
          header,
          states: ep.states,
          commands: ep.commands,
          kinds: c.edits.map((e) => e.kind),
          nCorruptions: c.edits.length,
        });
      }
    }
    options.onProgress?.(++done, options.tasks.length);
    return out;
  });
  const demos = perTask.flat();
  stats.demos = demos.length;
  stats.ms = Math.round(performance.now() - t0);
  return { demos, stats };
}
