export {
  DatasetStore,
  type NewRepairRecord,
  type DatasetWarning,
  type DatasetReadResult,
  type DatasetStoreOptions,
} from "./DatasetStore.js";
export {
  recordError,
  rankError,
  REPAIR_SOURCES,
  type RepairRecord,
  type RepairSource,
  type RepairOutcome,
} from "./validateRecord.js";
export { diffToTrace, replayCommands, chooseRepw, type DiffToTraceOptions, type RepwLimits } from "./diffToTrace.js";
export {
  episodesToSft,
  recordToEpisode,
  type ExportSftOptions,
  type ExportSftResult,
  type SftEpisode,
} from "./exportSft.js";
export { withFileLock, type FileLockOptions } from "./fileLock.js";
export { recordFromTrace } from "./recordFromTrace.js";
export { recordRepair, NotTrainableError, type RecordRepairOptions } from "./recordRepair.js";
export { appendLineSync } from "./appendLine.js";
