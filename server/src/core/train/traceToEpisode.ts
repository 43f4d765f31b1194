import { splitLines } from "../dsl/index.js";
import { renderState, type EpisodeHeader } from "../tool/index.js";
import type { Trace, Verdict } from "../types.js";
import type { TrainingEpisode } from "./writeTokenized.js";

/**
 * Rebuilds what the model saw during a rollout from its trace (code, verdict and command error of
 * every step) with the same renderState the loop used, so RL trains on exactly the inference text.
 */
export function traceToEpisode(
  trace: Trace,
  header: EpisodeHeader,
  initial: Verdict,
  group: string,
  feedbackTokens?: number,
): TrainingEpisode {
  const states = [renderState(splitLines(trace.initialCode), initial, { feedbackTokens })];
  const commands: string[] = [];
  const turnRewards: number[] = [];
  let verdict = initial;
  for (const step of trace.steps) {
    commands.push(step.command);
    turnRewards.push(step.reward);
    if (step.command === "EXIT") break;
    verdict = step.verdict ?? verdict;
    states.push(renderState(splitLines(step.code), verdict, { feedbackTokens, commandError: step.error }));
  }
  return { header, states, commands, turnRewards, group };
}
