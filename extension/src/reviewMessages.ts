/**
 * The messages between the review panel's webview (media/review.js) and its host (ReviewPanel.ts),
 * both directions, as one typed map. media/review.js is type-checked JavaScript (// @ts-check, part of
 * `npm run typecheck`): it reads these types through JSDoc, so a renamed field fails the build on
 * both sides. Engine types come through protocol.ts (the extension imports nothing from core).
 */
import type {
  DatasetEntry,
  ProgressEvent,
  RepairMode,
  RepairResult,
  SearchProgressEvent,
  Trace,
} from "../../server/src/protocol.js";

/** One hunk of the final diff, as the panel shows it (its lines keep their "+", "-", " " prefix). */
export interface HunkView {
  index: number;
  header: string;
  lines: string[];
}

/** The user's decision on a hunk (plain strings: a webview message is JSON, an undefined would arrive as null). */
export type HunkDecision = "accepted" | "rejected" | "pending";

/** Host -> webview. */
export type HostToWebview =
  /** A repair started: clear the panel. `scope` names the function of a function-scoped repair. */
  | { type: "start"; file: string; mode: RepairMode; token: string; scope?: string }
  /** An engine event of the running repair (start verdict, model steps, messages). */
  | { type: "progress"; event: ProgressEvent }
  /** After each test run of the search: the live status, and the edit tried with its diff and tests. */
  | { type: "search"; event: SearchProgressEvent }
  /** The repair finished: every step of the best trace, and the final diff as hunks to accept or reject. */
  | { type: "result"; result: RepairResult; hunks: HunkView[] }
  /** The decisions so far, one per hunk. */
  | { type: "hunks"; decisions: HunkDecision[] }
  /** A past repair from the dataset, replayed step by step (read-only: nothing to accept). */
  | { type: "replay"; entry: DatasetEntry; trace: Trace }
  | { type: "error"; message: string }
  /** The repair stopped on Cancel: how long from the click to the server's answer. */
  | { type: "cancelled"; ms: number }
  /** The accepted hunks were written to the file (and, when all of a solved repair, recorded). */
  | { type: "accepted"; recorded: boolean; detail: string }
  | { type: "discarded" };

/** Webview -> host. */
export type WebviewToHost =
  /** The webview (re)loaded: the host replays the current repair. */
  | { type: "ready" }
  /** Accept every hunk. */
  | { type: "accept" }
  /** Accept or reject one hunk; when every hunk is decided, the file gets the accepted ones. */
  | { type: "hunk"; index: number; accept: boolean }
  | { type: "discard" }
  | { type: "cancel" }
  /** Show the proposed code against the file in VS Code's diff editor. */
  | { type: "openDiff" };

/** The message types by name, for handlers keyed on `type`. */
export type HostMessageOf<T extends HostToWebview["type"]> = Extract<HostToWebview, { type: T }>;
export type WebviewMessageOf<T extends WebviewToHost["type"]> = Extract<WebviewToHost, { type: T }>;
