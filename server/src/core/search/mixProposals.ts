import { applyCommand, joinLines } from "../dsl/index.js";
import type { Proposal, Proposer } from "./Proposer.js";

/**
 * How the search turns the proposers' batches for one state into candidates: hybrid as a mixture
 * of experts. Each proposer's batch is a distribution over edits; they are mixed with weights (the
 * model gets `modelShare` of the mass when mutations are proposed too) and an edit proposed by
 * several proposers adds up its mass, so agreement ranks it higher. A proposer alone keeps its own
 * ranking, so 'mutate' and 'model' modes are unchanged.
 */
export interface ProposerBatch {
  proposer: Proposer;
  /** What the proposer returned for the state (not empty). */
  batch: Proposal[];
}

/** One distinct new code for the state, with the first proposal that gave it. */
export interface MixedProposal {
  proposal: Proposal;
  code: string;
  /** Probability mass of the code in the mixture (summed over the proposals that gave it). */
  mass: number;
  /** The best log-probability of a model sample giving the same code as this mutation: the model's
   *  vote for it (absent when the model did not sample it, or the proposal is the model's own). */
  modelVote?: number;
}

export interface MixProposalsResult {
  /** One entry per distinct code, in the order the codes were first proposed. */
  mixed: MixedProposal[];
  /** Proposals that applied to the state (duplicates included). */
  applied: number;
}

/** Turns one proposer's batch into log-confidences that sum to 1 in probability (comparable across proposers). */
function confidences(proposals: readonly Proposal[]): number[] {
  const weights = proposals.map((p) => (p.source === "model" ? p.score : Math.log(Math.max(p.score, 1e-9))));
  const max = Math.max(...weights);
  const log = Math.log(weights.reduce((s, w) => s + Math.exp(w - max), 0)) + max;
  return weights.map((w) => w - log);
}

/** Mixes the batches proposed for the listing `lines`; proposals that do not apply are dropped. */
export function mixProposals(
  lines: readonly string[],
  batches: readonly ProposerBatch[],
  modelShare: number,
): MixProposalsResult {
  const sources = new Set(batches.map((b) => b.proposer.source));
  const share = (source: Proposer["source"]): number =>
    sources.size < 2 ? 1 / batches.length : source === "model" ? modelShare : 1 - modelShare;
  const merged = new Map<string, MixedProposal>();
  let applied = 0;
  for (const { proposer, batch } of batches) {
    const conf = confidences(batch);
    const weight = share(proposer.source) / batches.filter((b) => b.proposer.source === proposer.source).length;
    batch.forEach((proposal, i) => {
      const result = applyCommand(lines, proposal.command);
      if (!result.ok) return;
      applied++;
      const code = joinLines(result.lines);
      const entry = merged.get(code);
      const mass = weight * Math.exp(conf[i]!);
      if (!entry) merged.set(code, { proposal, code, mass });
      else {
        entry.mass += mass;
        if (proposal.source === "model" && entry.proposal.source !== "model")
          entry.modelVote = Math.max(entry.modelVote ?? -Infinity, proposal.score);
      }
    });
  }
  return { mixed: [...merged.values()], applied };
}
