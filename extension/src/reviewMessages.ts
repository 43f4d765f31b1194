/**
 * The messages between the review panel's webview (media/review.js) and its host (ReviewPanel.ts),
 * both directions, as one typed map. media/review.js is plain JavaScript: it reads these types
 * through JSDoc (`@typedef {import(...)}`), so a renamed field shows up in both places.
 */
import type { ProgressEvent } from "../../server/src/core/types.js";
import type { RepairMode, RepairResult, SearchProgressEvent } from "../../server/src/protocol.js";

/** Host -> webview. */
export type HostToWebview =
  /** A repair started: clear the panel. */
  | { type: "start"; file: string; mode: RepairMode; token: string }
  /** An engine event of the running repair (start verdict, model steps, messages). */
  | { type: "progress"; event: ProgressEvent }
  /** The search's live status after a test run: "searching: 23/100 test runs, best 2/3 tests passing". */
  | { type: "search"; event: SearchProgressEvent }
  /** The repair finished: show every step of the best trace with its diff and tests. */
  | { type: "result"; result: RepairResult }
  | { type: "error"; message: string }
  /** The fix was written to the file (and, when solved, recorded in the dataset). */
  | { type: "accepted"; recorded: boolean; detail: string }
  | { type: "discarded" };

/** Webview -> host. */
export type WebviewToHost =
  /** The webview (re)loaded: the host replays the current repair. */
  { type: "ready" } | { type: "accept" } | { type: "discard" } | { type: "cancel" };

/** The message types by name, for handlers keyed on `type`. */
export type HostMessageOf<T extends HostToWebview["type"]> = Extract<HostToWebview, { type: T }>;
export type WebviewMessageOf<T extends WebviewToHost["type"]> = Extract<WebviewToHost, { type: T }>;
