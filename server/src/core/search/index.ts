export { searchRepair } from "./searchRepair.js";
export type { SearchRepairOptions, SearchResult, SearchStats, SearchBudget } from "./SearchRepairOptions.js";
export type { Proposer, Proposal, ProposalSource, ProposeOptions, SearchState } from "./Proposer.js";
export { MutationProposer, mutationProposals, type MutationProposerOptions } from "./MutationProposer.js";
export { ModelProposer, type ModelProposerOptions, type ModelProposerStats } from "./ModelProposer.js";
export { rankLines, type RankLinesOptions } from "./rankLines.js";
export { testedFunctions } from "./searchTrace.js";
export { searchWithMode, type SearchWithModeOptions, type SearchWithModeResult } from "./searchWithMode.js";
