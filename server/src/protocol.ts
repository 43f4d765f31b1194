/**
 * The Chain-of-Edits language-server protocol: every custom request and notification, declared once.
 * The language server (server/src/lsp) and the VS Code client (extension/src) both import this file,
 * so a method name or a payload shape cannot drift between the two sides.
 *
 * Everything here is plain JSON (Trace, Verdict and ProgressEvent come from the engine unchanged).
 * Only types and constants live here (and the mode check, re-exported from core/solve): no vscode, no vscode-languageserver imports, so the
 * client and the server bundle it without pulling the other side in.
 */
import type { ProgressEvent, SearchProgress, Trace, Verdict } from "./core/types.js";
import type { TrainEvent } from "./core/train/trainSft.js";
import type { ModelEntry } from "./core/models/ModelRegistry.js";
import type { PromptStyle } from "./core/tool/formatEpisode.js";

/** The one mode type of every repair (DESIGN §9): "model" rollouts, or the search: mutate, hybrid, ranked. */
export { REPAIR_MODES, isRepairMode, type RepairMode } from "./core/solve/RepairMode.js";
import type { RepairMode } from "./core/solve/RepairMode.js";

/** The extension's settings (section "coe"), sent in initializationOptions and on every change. */
export interface CoeSettings {
  /**
   * GGUF model path; empty: the bundled default model (models/coe-tiny.gguf of the extension);
   * "none": no model (mode hybrid searches with mutations only, mode model refuses to run).
   */
  model: string;
  mode: RepairMode;
  rollouts: number;
  /** Test runs one search may spend. */
  budget: number;
  /** The user's Python (pytest comes from it); empty: $COE_PYTHON or python3. */
  python: string;
  /** Where accepted repairs and hand fixes are recorded; empty: the extension's global storage. */
  datasetDir: string;
  /** Prompt style: auto (the GGUF's chat template present -> chat, else coe), chat or coe. */
  promptStyle: "auto" | PromptStyle;
}

export const DEFAULT_SETTINGS: CoeSettings = {
  model: "",
  mode: "hybrid",
  rollouts: 4,
  budget: 200,
  python: "",
  datasetDir: "",
  promptStyle: "auto",
};

/** initializationOptions of the LSP initialize request. */
export interface CoeInitOptions {
  settings?: Partial<CoeSettings>;
  /** The extension's globalStorage folder: the dataset and trained models go under it by default. */
  storageDir?: string;
}

// ---- coe/repair: run a repair (model rollouts or verified search) on a document's text ----
export const RepairRequest = "coe/repair";
export interface RepairParams {
  uri: string;
  /** The text to repair (the editor's, possibly unsaved). */
  text: string;
  /** A pytest file to judge by; default: the sibling test_<name>.py, else doctests/asserts in the file. */
  testsUri?: string;
  mode?: RepairMode;
  rollouts?: number;
  budget?: number;
  /** Client-chosen id: progress notifications carry it, and coe/cancel names it. */
  token?: string;
}
export interface RepairResult {
  /** Names this repair for coe/accept. */
  repairId: string;
  uri: string;
  trace: Trace;
  initial: Verdict;
  mode: RepairMode;
  model: string;
  /** Search warnings (e.g. tests that compute expected values with the code under repair). */
  flags: string[];
  ms: number;
}

// ---- coe/step: progress of a running repair (every ProgressEvent of the engine) ----
// Model rollouts send "step" events; the verified search sends one "search" event (SearchProgressEvent)
// per test run, so a client can show "searching: 23/100 test runs, best 2/3 tests passing" while it runs.
export const StepNotification = "coe/step";
export interface StepParams {
  token: string;
  event: ProgressEvent;
}
/** The live status of a running search, as coe/step carries it. */
export type SearchProgressEvent = SearchProgress;

// ---- coe/cancel: cancel a running repair or training by its token (LSP $/cancelRequest also works) ----
export const CancelNotification = "coe/cancel";
export interface CancelParams {
  token: string;
}

// ---- coe/accept: the user accepted a repair; it is recorded in the dataset (source "accepted") ----
export const AcceptRequest = "coe/accept";
export interface AcceptParams {
  repairId: string;
}
export interface AcceptResult {
  recorded: boolean;
  /** The dataset file, when recorded. */
  path?: string;
  reason?: string;
}

// ---- coe/recordUserFix: a fix the user made by hand (source "user-fix") ----
export const RecordUserFixRequest = "coe/recordUserFix";
export interface RecordUserFixParams {
  uri: string;
  before: string;
  after: string;
}
export type RecordUserFixResult = AcceptResult;

// ---- coe/testResults: sent after each verification of a saved document ----
export const TestResultsNotification = "coe/testResults";
export interface TestResultsParams {
  uri: string;
  kind: Verdict["kind"];
  passed: number;
  total: number;
  /** Set when this save turned failing tests green by hand (no accepted repair in between):
   *  the last failing text, so the client can offer coe/recordUserFix. */
  fixedFrom?: string;
}

// ---- coe/train: "train on my fixes": fine-tunes the current model on the dataset plus a small replay of
// synthetic demos, in the background; the new model is written beside the old one and hot-swapped in ----
export const TrainRequest = "coe/train";
export interface TrainParams {
  kind: "sft";
  /** Optimizer steps (default 100). */
  steps?: number;
  /** Synthetic variants per replayed MBPP program (default 1); 0: the user's dataset alone. */
  variants?: number;
  /** Learning rate (default 3e-4, for fine-tuning). */
  lr?: number;
  /** Client-chosen id for coe/trainProgress and coe/cancel. */
  token?: string;
  /** Load the trained model when done (default true). */
  reload?: boolean;
}
export interface TrainResult {
  out: string;
  loss?: number;
  reloaded: boolean;
}
export const TrainProgressNotification = "coe/trainProgress";
export interface TrainProgressParams {
  token: string;
  event: TrainEvent;
}

// ---- coe/modelInfo and coe/reloadModel (hot swap, no restart) ----
export const ModelInfoRequest = "coe/modelInfo";
export interface ModelInfo {
  /** The configured (or bundled default) or last loaded model path ("" when none). */
  path: string;
  name: string;
  /** Why the bundled default model cannot be used (missing or broken); repairs then use mutations only. */
  problem?: string;
  loaded: boolean;
  /** LoRA adapters applied on top of the model (a LoRA round). */
  adapters?: string[];
  /** The prompt style of the loaded model. */
  style?: PromptStyle;
  state: "idle" | "loading" | "repairing" | "training";
  mode: RepairMode;
  datasetPath: string;
}
export const ReloadModelRequest = "coe/reloadModel";
export interface ReloadModelParams {
  path: string;
}
export type ReloadModelResult = ModelInfo;

// ---- coe/listModels and coe/selectModel: the models on disk (bundled, pulled, rounds) and a hot swap ----
export const ListModelsRequest = "coe/listModels";
export interface ModelListItem extends ModelEntry {
  /** The entry the server uses now. */
  inUse: boolean;
}
export interface ListModelsResult {
  models: ModelListItem[];
  /** Where pulled models go (coe model pull), for the quick pick's hint. */
  modelsDir: string;
}
export const SelectModelRequest = "coe/selectModel";
export interface SelectModelParams {
  /** A name of the list, a path to a .gguf, or "none" (mutations only). */
  name: string;
  /** Also save the choice for the CLI (the config file of coe model use). Default true. */
  persist?: boolean;
}
export type SelectModelResult = ModelInfo;

/** Sent whenever ModelInfo changes (load, reload, repair start/end, training), for the status bar. */
export const ModelInfoNotification = "coe/modelInfoChanged";

/** Diagnostic source and code of the failing-test diagnostics; the code action matches on them. */
export const DIAGNOSTIC_SOURCE = "chain-of-edits";
export const FAILING_TEST_CODE = "failing-test";
/** Code of the syntax-error diagnostic published while the user types (tree-sitter; no quick fix). */
export const SYNTAX_ERROR_CODE = "syntax-error";
/** The client command the quick fix runs (arguments: [uri]). */
export const REPAIR_COMMAND = "coe.repairFile";
