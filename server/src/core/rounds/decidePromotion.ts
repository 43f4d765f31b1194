/** Solved tasks of one suite. */
export interface SuiteScore {
  suite: string;
  solved: number;
  total: number;
  /** Test runs the search spent on them (recorded by the editor's rounds). */
  testRuns?: number;
}

/** The scores a promotion compares: the validation suite and the user's own held-back fixes. */
export interface RoundScores {
  validation: SuiteScore;
  heldOut: SuiteScore;
}

export interface PromotionDecision {
  promote: boolean;
  /** One line: why (shown by the CLI, stored with the round). */
  reason: string;
}

function line(name: string, c: SuiteScore, b: SuiteScore): string {
  return `${name} ${c.solved}/${c.total} vs ${b.solved}/${b.total}`;
}

/**
 * Promote only when the candidate does not lose on the validation suite AND does not lose on the
 * user's held-back fixes, each against the model it would replace (same tasks). No held-back fixes
 * (an empty dataset) leaves the validation suite to decide; scores on different tasks are refused.
 */
export function decidePromotion(candidate: RoundScores, baseline: RoundScores): PromotionDecision {
  for (const k of ["validation", "heldOut"] as const)
    if (candidate[k].total !== baseline[k].total || candidate[k].suite !== baseline[k].suite)
      return { promote: false, reason: `${k}: the candidate and the baseline were scored on different tasks` };
  if (candidate.validation.total === 0)
    return { promote: false, reason: "no validation tasks were run: nothing shows the round does not lose" };
  const detail = `${line("validation", candidate.validation, baseline.validation)}; ${line("held-out fixes", candidate.heldOut, baseline.heldOut)}`;
  if (candidate.validation.solved < baseline.validation.solved)
    return { promote: false, reason: `loses on the validation suite (${detail})` };
  if (candidate.heldOut.solved < baseline.heldOut.solved)
    return { promote: false, reason: `loses on your held-back fixes (${detail})` };
  return { promote: true, reason: `does not lose (${detail})` };
}
