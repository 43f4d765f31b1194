import { applyPatch, structuredPatch, type StructuredPatch } from "diff";
import type { HunkDecision, HunkView } from "./reviewMessages.js";

/**
 * The final diff of a repair as hunks the user accepts or rejects one by one. One line of context
 * keeps nearby edits apart; applying a subset goes through the diff package's applyPatch on the
 * original text, so the file gets exactly the accepted hunks and nothing else.
 */
export class RepairHunks {
  readonly patch: StructuredPatch;
  readonly decisions: HunkDecision[];

  constructor(
    readonly before: string,
    readonly after: string,
    fileName = "code.py",
  ) {
    this.patch = structuredPatch(fileName, fileName, before, after, "", "", { context: 1 });
    this.decisions = this.patch.hunks.map((): HunkDecision => "pending");
  }

  views(): HunkView[] {
    return this.patch.hunks.map((h, index) => ({
      index,
      header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`,
      lines: h.lines.filter((l) => !l.startsWith("\\")),
    }));
  }

  decide(index: number, accept: boolean): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.decisions.length)
      throw new Error(`no hunk ${index} (the diff has ${this.decisions.length})`);
    this.decisions[index] = accept ? "accepted" : "rejected";
  }

  acceptAll(): void {
    this.decisions.fill("accepted");
  }

  /** Every hunk has a decision. */
  get decided(): boolean {
    return this.decisions.every((d) => d !== "pending");
  }

  /** Every hunk is accepted (the whole repair). */
  get all(): boolean {
    return this.decisions.every((d) => d === "accepted");
  }

  /** The original text with the accepted hunks applied (the original when none is). */
  text(): string {
    const hunks = this.patch.hunks.filter((_, i) => this.decisions[i] === "accepted");
    if (hunks.length === this.patch.hunks.length) return this.after;
    const out = applyPatch(this.before, { ...this.patch, hunks });
    if (out === false) throw new Error("the accepted hunks do not apply");
    return out;
  }
}
