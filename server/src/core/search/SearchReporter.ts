import { printCommand } from "../dsl/index.js";
import { unifiedDiff } from "../loop/unifiedDiff.js";
import type { SearchProgress, Verdict } from "../types.js";
import type { FrontierNode, SearchFrontier } from "./SearchFrontier.js";

export interface SearchReporterOptions {
  onProgress: ((event: SearchProgress) => void) | undefined;
  budget: number;
  frontier: SearchFrontier;
  /** The file name the diffs carry. */
  fileName: string;
}

/**
 * The search's progress stream: one 'search' event per finished test run, in order, after the search
 * took the result in; a candidate's event carries its command and diff, a probe run's says what it ran.
 */
export class SearchReporter {
  private testRuns = 0;
  private total = 0;

  constructor(private readonly options: SearchReporterOptions) {}

  /** A test run's event; `node` when it verified a candidate (or the starting code). */
  run(verdict: Verdict, extra: Partial<SearchProgress>, node?: FrontierNode): void {
    const { onProgress, budget, frontier } = this.options;
    this.testRuns++;
    if (node) this.total = Math.max(this.total, verdict.total);
    const best = frontier.best?.verdict.kind === "ok" ? frontier.best.verdict.passed : 0;
    onProgress?.({
      type: "search",
      testRuns: this.testRuns,
      budget,
      // A probe runs only on a fix that passes every test.
      bestPassed: node ? Math.max(best, verdict.kind === "ok" ? verdict.passed : 0) : this.total,
      total: this.total,
      frontier: frontier.size,
      queued: frontier.queued,
      ...extra,
      verdict: { kind: verdict.kind, passed: verdict.passed, total: verdict.total },
    });
  }

  /** A verified candidate's event: its command and its diff from its parent. */
  node(node: FrontierNode): void {
    this.run(
      node.verdict,
      {
        ...(node.command ? { command: printCommand(node.command) } : {}),
        ...(node.parent
          ? { diff: unifiedDiff(node.parent.code, node.code, this.options.fileName), depth: node.depth }
          : {}),
      },
      node,
    );
  }
}
