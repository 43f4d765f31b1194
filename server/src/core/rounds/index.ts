export { decidePromotion, type SuiteScore, type RoundScores, type PromotionDecision } from "./decidePromotion.js";
export { holdOut } from "./holdOut.js";
export { snapshotDataset, type DataSnapshot } from "./snapshotDataset.js";
export { RoundStore, type RoundRecord, type RoundEval, type RoundInfo } from "./RoundStore.js";
export { runLoraRound, type LoraRoundOptions, type LoraRoundResult, type ScoreTask } from "./runLoraRound.js";
export {
  lineageLog,
  madeFrom,
  modelLineage,
  readModelParents,
  recordModelParent,
  type ModelLineage,
  type ModelParent,
} from "./modelLineage.js";
