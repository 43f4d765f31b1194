import pc from "picocolors";
import type { SearchProgress } from "../core/types.js";

export interface SearchStatusLineOptions {
  /** Where the status goes (default process.stderr). */
  stream?: Pick<NodeJS.WriteStream, "write"> & { isTTY?: boolean; columns?: number };
  /** Without a terminal: one line every this many test runs (default 10). */
  every?: number;
}

/**
 * The search's live status on stderr: on a terminal one line rewritten in place after every test run
 * ("searching: 23/100 test runs, best 2/3 tests passing"); elsewhere (a pipe, a log file) a plain
 * line every `every` runs, so logs stay readable. clear() before writing anything else to the stream.
 */
export class SearchStatusLine {
  private readonly stream: NonNullable<SearchStatusLineOptions["stream"]>;
  private readonly every: number;
  private shown = false;

  constructor(options: SearchStatusLineOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.every = Math.max(1, options.every ?? 10);
  }

  /** The status text of an event (no colour, no line end). */
  static text(e: SearchProgress): string {
    const last = e.command
      ? `, last ${e.command} -> ${e.verdict.kind === "ok" ? `${e.verdict.passed}/${e.verdict.total}` : e.verdict.kind}`
      : "";
    return `searching: ${e.testRuns}/${e.budget} test runs, best ${e.bestPassed}/${e.total} tests passing${last}`;
  }

  update(e: SearchProgress): void {
    const text = SearchStatusLine.text(e);
    if (this.stream.isTTY) {
      const width = Math.max(20, (this.stream.columns || 80) - 1);
      const line = text.length > width ? `${text.slice(0, width - 1)}…` : text;
      this.stream.write(`\r${pc.dim(line)}\x1b[K`);
      this.shown = true;
    } else if (e.testRuns % this.every === 0) this.stream.write(`${text}\n`);
  }

  /** Erases the terminal line (nothing to do without a terminal). */
  clear(): void {
    if (!this.shown) return;
    this.stream.write("\r\x1b[K");
    this.shown = false;
  }

  dispose(): void {
    this.clear();
  }
}
