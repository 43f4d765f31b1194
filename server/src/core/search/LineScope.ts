import { applyCommand, type LineRange } from "../dsl/index.js";
import type { Command } from "../types.js";
import type { Proposal, ProposeOptions, Proposer, SearchState } from "./Proposer.js";

/**
 * A repair scoped to some lines of the file (a function, for "Repair Function at Cursor"): only those
 * lines may change. The scope is kept as the lines before and after the range in the initial code;
 * in any later state the range is whatever lies between that unchanged prefix and suffix, so it
 * grows and shrinks with the edits inside it. A command is admitted when the code it gives still has
 * the prefix and the suffix unchanged.
 */
export class LineScope {
  private readonly prefix: readonly string[];
  private readonly suffix: readonly string[];

  /** `range` is 1-based and inclusive over `lines` (the initial listing); it is clamped to it. */
  constructor(lines: readonly string[], range: LineRange) {
    const from = Math.max(1, Math.min(range.from, lines.length + 1));
    const to = Math.max(from - 1, Math.min(range.to, lines.length));
    this.prefix = lines.slice(0, from - 1);
    this.suffix = lines.slice(to);
  }

  /** The scope's lines in `lines` (a later state), or undefined when the outside was changed. */
  rangeIn(lines: readonly string[]): LineRange | undefined {
    const tail = lines.length - this.suffix.length;
    if (tail < this.prefix.length) return undefined;
    for (let i = 0; i < this.prefix.length; i++) if (lines[i] !== this.prefix[i]) return undefined;
    for (let i = 0; i < this.suffix.length; i++) if (lines[tail + i] !== this.suffix[i]) return undefined;
    return { from: this.prefix.length + 1, to: tail };
  }

  /** Whether `command` on `lines` changes only lines inside the scope. */
  admits(lines: readonly string[], command: Command): boolean {
    if (command.op === "EXIT") return true;
    const applied = applyCommand(lines, command);
    return applied.ok && this.rangeIn(applied.lines) !== undefined;
  }
}

/** What a ScopedProposer keeps: a LineScope (lines of one function), or a TestGuard (tests in the file). */
export interface ProposalFilter {
  admits(lines: readonly string[], command: Command): boolean;
}

/** A proposer whose proposals the filter does not admit are dropped (the inner proposer may overshoot). */
export class ScopedProposer implements Proposer {
  readonly name: string;
  readonly source: Proposer["source"];
  /** Proposals dropped for touching lines outside the scope (or the tests). */
  dropped = 0;

  constructor(
    private readonly inner: Proposer,
    private readonly scope: ProposalFilter,
  ) {
    this.name = inner.name;
    this.source = inner.source;
  }

  get tokensSpent(): number | undefined {
    return this.inner.tokensSpent;
  }

  async propose(state: SearchState, options: ProposeOptions): Promise<Proposal[]> {
    const batch = await this.inner.propose(state, options);
    const kept = batch.filter((p) => this.scope.admits(state.lines, p.command));
    this.dropped += batch.length - kept.length;
    return kept;
  }

  async dispose(): Promise<void> {
    await this.inner.dispose?.();
  }
}
