/**
 * The Chain-of-Edits language-server protocol: every custom request and notification, declared once
 * as a typed RequestType / NotificationType. The language server (server/src/lsp) and the VS Code
 * client (extension/src) both import this file, so a method name, a payload or a result type cannot
 * drift between the two sides, and no call site picks its own result type.
 *
 * Everything on the wire is plain JSON. The engine's wire types (Trace, Verdict, ProgressEvent, ...)
 * are re-exported here: the extension imports nothing from server/src/core (an ESLint rule enforces
 * it). The only runtime import is vscode-jsonrpc's RequestType/NotificationType, which both sides
 * already bundle (vscode-languageclient and vscode-languageserver are built on it).
 */
import { NotificationType, RequestType, RequestType0 } from "vscode-jsonrpc/node.js";
import type { ProgressEvent, SearchProgress, Trace, Verdict } from "./core/types.js";
import type { TrainEvent } from "./core/train/trainSft.js";
import type { RepairSource } from "./core/dataset/validateRecord.js";

export type { Command, ProgressEvent, SearchProgress, TestResult, Trace, TraceStep, Verdict } from "./core/types.js";
export type { TrainEvent } from "./core/train/trainSft.js";
export type { TrainerProgress } from "./core/train/runTrainer.js";
export type { RepairSource } from "./core/dataset/validateRecord.js";
import type { ModelEntry } from "./core/models/ModelRegistry.js";
import type { PromptStyle } from "./core/tool/formatEpisode.js";

/** The one mode type of every repair (DESIGN §9): "model" rollouts, or the search: mutate, hybrid, ranked. */
export { REPAIR_MODES, isRepairMode, type RepairMode } from "./core/solve/RepairMode.js";
import { PROBE_BY_DEFAULT, type RepairMode } from "./core/solve/RepairMode.js";

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
  /** Run a background training round after this many new accepted fixes (and an idle editor); 0: off. */
  autoTrainAfter: number;
  /** Check a fix on inputs next to the tests' before taking it (GeneralisationProbe, docs/probe.md). */
  probe: boolean;
}

export const DEFAULT_SETTINGS: CoeSettings = {
  model: "",
  mode: "ranked",
  rollouts: 4,
  budget: 200,
  python: "",
  datasetDir: "",
  promptStyle: "auto",
  autoTrainAfter: 20,
  probe: PROBE_BY_DEFAULT,
};

/** initializationOptions of the LSP initialize request. */
export interface CoeInitOptions {
  settings?: Partial<CoeSettings>;
  /** The extension's globalStorage folder: the dataset and trained models go under it by default. */
  storageDir?: string;
}

// ---- coe/repair: run a repair (model rollouts or verified search) on a document's text ----
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
  /** "Repair Function at Cursor": a 0-based line inside a function or method; only that function's
   *  lines may change (the grammar names only them; other proposals are dropped). */
  line?: number;
}
/** The lines a function-scoped repair may change (1-based, inclusive, in the text repaired). */
export interface RepairScope {
  name: string;
  from: number;
  to: number;
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
  /** Set for a function-scoped repair. */
  scope?: RepairScope;
}
export const RepairRequest = new RequestType<RepairParams, RepairResult, void>("coe/repair");

// ---- coe/step: progress of a running repair (every ProgressEvent of the engine) ----
// Model rollouts send "step" events; the verified search sends one "search" event (SearchProgressEvent)
// per test run, so a client can show "searching: 23/100 test runs, best 2/3 tests passing" while it runs.
export interface StepParams {
  token: string;
  event: ProgressEvent;
}
export const StepNotification = new NotificationType<StepParams>("coe/step");
/** The live status of a running search, as coe/step carries it. */
export type SearchProgressEvent = SearchProgress;

// ---- coe/cancel: cancel a running repair or training by its token (LSP $/cancelRequest also works) ----
export interface CancelParams {
  token: string;
}
export const CancelNotification = new NotificationType<CancelParams>("coe/cancel");

// ---- coe/accept: the user accepted a repair; it is recorded in the dataset (source "accepted") ----
export interface AcceptParams {
  repairId: string;
}
export interface AcceptResult {
  recorded: boolean;
  /** The dataset file, when recorded. */
  path?: string;
  reason?: string;
}
export const AcceptRequest = new RequestType<AcceptParams, AcceptResult, void>("coe/accept");

// ---- coe/recordUserFix: a fix the user made by hand (source "user-fix") ----
export interface RecordUserFixParams {
  uri: string;
  before: string;
  after: string;
}
export type RecordUserFixResult = AcceptResult;
export const RecordUserFixRequest = new RequestType<RecordUserFixParams, RecordUserFixResult, void>(
  "coe/recordUserFix",
);

// ---- coe/testResults: sent after each verification of a saved document ----
export interface TestResultsParams {
  uri: string;
  kind: Verdict["kind"];
  passed: number;
  total: number;
  /** Set when this save turned failing tests green by hand (no accepted repair in between):
   *  the last failing text, so the client can offer coe/recordUserFix. */
  fixedFrom?: string;
}
export const TestResultsNotification = new NotificationType<TestResultsParams>("coe/testResults");

// ---- coe/train: "train on my fixes": fine-tunes the current model on the dataset plus a small replay of
// synthetic demos, in the background; the new model is written beside the old one and hot-swapped in.
// For a pretrained model (chat template, large, or an architecture the SFT trainer cannot read) it runs
// a LoRA round on the frozen base instead, promoted and hot-swapped only when it does not lose ----
export interface TrainParams {
  /** auto (default): lora for a pretrained model, sft for the user's own coe model. */
  kind?: "auto" | "sft" | "lora";
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
  /** Run a ranker round on the same repairs after the model round (default true). */
  ranker?: boolean;
}
export interface TrainResult {
  /** The training that ran. */
  kind: "sft" | "lora";
  /** The new model (sft) or the round's adapter (lora). */
  out: string;
  loss?: number;
  reloaded: boolean;
  /** lora: the round's id (its folder in the rounds folder), whether it was promoted, and why. */
  round?: string;
  promoted?: boolean;
  reason?: string;
  /** The ranker round on the same repairs that follows (core/rank/rankerRound): promoted only if not
   *  worse on held-back repairs; `path` is the fitted ranker's file. */
  ranker?: { promoted: boolean; reason: string; path?: string };
}
export const TrainRequest = new RequestType<TrainParams, TrainResult, void>("coe/train");
export interface TrainProgressParams {
  token: string;
  event: TrainEvent;
}
export const TrainProgressNotification = new NotificationType<TrainProgressParams>("coe/trainProgress");

// ---- coe/modelInfo and coe/reloadModel (hot swap, no restart) ----
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
export const ModelInfoRequest = new RequestType0<ModelInfo, void>("coe/modelInfo");
export interface ReloadModelParams {
  path: string;
}
export type ReloadModelResult = ModelInfo;
export const ReloadModelRequest = new RequestType<ReloadModelParams, ReloadModelResult, void>("coe/reloadModel");

// ---- coe/listModels and coe/selectModel: the models on disk (bundled, pulled, rounds) and a hot swap ----
export interface ModelListItem extends ModelEntry {
  /** The entry the server uses now. */
  inUse: boolean;
}
export interface ListModelsResult {
  models: ModelListItem[];
  /** Where pulled models go (coe model pull), for the quick pick's hint. */
  modelsDir: string;
}
export interface SelectModelParams {
  /** A name of the list, a path to a .gguf, or "none" (mutations only). */
  name: string;
  /** Also save the choice for the CLI (the config file of coe model use). Default true. */
  persist?: boolean;
}
export type SelectModelResult = ModelInfo;
export const ListModelsRequest = new RequestType0<ListModelsResult, void>("coe/listModels");
export const SelectModelRequest = new RequestType<SelectModelParams, SelectModelResult, void>("coe/selectModel");

/** Sent whenever ModelInfo changes (load, reload, repair start/end, training), for the status bar. */
export const ModelInfoNotification = new NotificationType<ModelInfo>("coe/modelInfoChanged");

/** Diagnostic source and code of the failing-test diagnostics; the code action matches on them. */
export const DIAGNOSTIC_SOURCE = "chain-of-edits";
export const FAILING_TEST_CODE = "failing-test";
/** Code of the syntax-error diagnostic published while the user types (tree-sitter; no quick fix). */
export const SYNTAX_ERROR_CODE = "syntax-error";
/** The client command the quick fix runs (arguments: [uri]). */
export const REPAIR_COMMAND = "coe.repairFile";
/** The client command of the function-scoped quick fix (arguments: [uri, 0-based line]). */
export const REPAIR_FUNCTION_COMMAND = "coe.repairFunction";

// ---- coe/dataset: the local dataset, for "Show Repair Trace" and "Open Repair Dataset" ----
/** One record of the dataset, as listed (no code: coe/datasetRecord fetches one in full). */
export interface DatasetEntry {
  id: string;
  /** ISO 8601 time it was recorded. */
  time: string;
  /** The file it was made in. */
  file: string;
  source: RepairSource;
  model: string;
  solved: boolean;
  /** Steps of its trace (0 for a hand fix). */
  steps: number;
  /** Lines changed between before and after. */
  linesChanged: number;
  /** Bytes of the record's line in the dataset file. */
  bytes: number;
}
export interface DatasetListResult {
  /** The dataset file. */
  path: string;
  /** Newest first. */
  entries: DatasetEntry[];
  /** Lines of the file that were skipped (torn or invalid). */
  skipped: number;
}
export const DatasetListRequest = new RequestType0<DatasetListResult, void>("coe/datasetList");

export interface DatasetRecordParams {
  id: string;
}
/** One record with a trace to replay: its own, or for a hand fix one made from its diff (diffToTrace). */
export interface DatasetRecordResult {
  entry: DatasetEntry;
  trace: Trace;
}
export const DatasetRecordRequest = new RequestType<DatasetRecordParams, DatasetRecordResult, void>(
  "coe/datasetRecord",
);

export interface DatasetDeleteParams {
  ids: string[];
}
export interface DatasetDeleteResult {
  removed: string[];
  /** Records left. */
  remaining: number;
}
export const DatasetDeleteRequest = new RequestType<DatasetDeleteParams, DatasetDeleteResult, void>(
  "coe/datasetDelete",
);

// ---- background rounds: train after N new accepted fixes while idle, promote only if not worse ----
export type RoundKind = "sft" | "rl";
/** How a round did: solved tasks (and test runs spent) of the validation suite and the held-back fixes. */
export interface RoundEval {
  suite: string;
  tasks: number;
  solved: number;
  testRuns: number;
}
/** A round of the shared round store (core/rounds/RoundStore): the editor's sft and rl rounds, and the
 *  LoRA rounds of "Train on My Fixes" and `coe train lora`. */
export interface RoundInfo {
  /** round-0001, round-0002, ... (the name `coe model list` / Select Model shows too). */
  id: string;
  kind: RoundKind | "lora";
  /** The promoted round it had to beat ("" for no round: the model chosen before any). */
  parent: string;
  /** The trained GGUF (a LoRA round: its adapter). */
  model: string;
  time: string;
  /** The candidate's evaluations, and the then-current model's on the same tasks. */
  evals: { candidate: RoundEval[]; current: RoundEval[] };
  promoted: boolean;
  /** Why it was (not) promoted, or why it failed. */
  verdict: string;
}
export interface RoundsInfo {
  rounds: RoundInfo[];
  /** The promoted round in use, the top of the store's promotion stack ("" when none is). */
  current: string;
  /** Accepted fixes since the last round. */
  pendingFixes: number;
  autoTrainAfter: number;
  /** The round running now. */
  running?: RoundProgressParams;
}
export const RoundsRequest = new RequestType0<RoundsInfo, void>("coe/rounds");
export interface RunRoundParams {
  kind: RoundKind;
  token?: string;
}
export const RunRoundRequest = new RequestType<RunRoundParams, RoundInfo, void>("coe/runRound");
/** Undoes the last promotion (as `coe model rollback`): back to the model in use before the current round. */
export const RollbackRequest = new RequestType0<RoundsInfo, void>("coe/rollback");
export interface RoundProgressParams {
  token: string;
  kind: RoundKind;
  phase: "waiting" | "training" | "evaluating" | "done" | "failed";
  detail: string;
  /** Set when done. */
  round?: RoundInfo;
}
export const RoundProgressNotification = new NotificationType<RoundProgressParams>("coe/roundProgress");
