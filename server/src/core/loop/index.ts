export { runEpisode, REWARD_SOLVED, PENALTY_MALFORMED, PENALTY_NO_EXIT, type EpisodeOptions } from "./runEpisode.js";
export { repair, compareTraces, type RepairOptions, type RepairResult } from "./repair.js";
export { unifiedDiff } from "./unifiedDiff.js";
