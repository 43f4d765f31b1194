export {
  corrupt,
  applyCorruption,
  CORRUPTION_KINDS,
  type CorruptionKind,
  type CorruptOptions,
  type Corruption,
  type CorruptionEdit,
} from "./corrupt.js";
export { makeDemos, mbppTests, type EpisodeDemo, type MakeDemosOptions, type MakeDemosStats } from "./makeDemos.js";
export {
  makeRepairSuite,
  type RepairSuiteTask,
  type MakeRepairSuiteOptions,
  type RepairSuiteStats,
} from "./makeRepairSuite.js";
export {
  loadMbpp,
  mbppSplitOf,
  assertTrainable,
  mbppSnippets,
  normalizeCode,
  MBPP_SPLITS,
  type MbppTask,
  type MbppSplit,
  type LoadMbppOptions,
} from "./loadMbpp.js";
export { inverseEpisode, type InverseEpisode } from "./inverseEpisode.js";
export { makeRng, mixSeed, type Rng } from "./rng.js";
