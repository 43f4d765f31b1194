import type { PyAnalysis } from "../pyAnalysis.js";
import type { Mutation } from "../lineEdit.js";
import { offByOneMutations } from "./offByOne.js";
import { operatorSwapMutations } from "./operatorSwaps.js";
import { wrongVariableMutations } from "./wrongVariable.js";
import { swapArgumentMutations } from "./swapArguments.js";
import { recursionMutations } from "./recursion.js";
import { initialValueMutations } from "./initialValue.js";
import { siblingBranchMutations } from "./siblingBranch.js";
import { returnPlacementMutations } from "./returnPlacement.js";
import { wrongMethodMutations } from "./wrongMethod.js";
import { literalMutations } from "./literals.js";
import { controlFlowMutations } from "./controlFlow.js";
import { sortKeyMutations } from "./sortKey.js";
import { aliasingMutations } from "./aliasing.js";
import { wrapCallMutations } from "./wrapCall.js";

/** One family of repair operators over a whole listing (see docs/operators.md for each one's priors). */
export interface OperatorFamily {
  name: string;
  mutations(analysis: PyAnalysis): Mutation[];
}

export const OPERATOR_FAMILIES: readonly OperatorFamily[] = [
  { name: "off-by-one", mutations: offByOneMutations },
  { name: "operator-swaps", mutations: operatorSwapMutations },
  { name: "wrong-variable", mutations: wrongVariableMutations },
  { name: "swap-arguments", mutations: swapArgumentMutations },
  { name: "recursion", mutations: recursionMutations },
  { name: "initial-value", mutations: initialValueMutations },
  { name: "sibling-branch", mutations: siblingBranchMutations },
  { name: "return-placement", mutations: returnPlacementMutations },
  { name: "wrong-method", mutations: wrongMethodMutations },
  { name: "literal", mutations: literalMutations },
  { name: "control-flow", mutations: controlFlowMutations },
  { name: "sort-key", mutations: sortKeyMutations },
  { name: "aliasing", mutations: aliasingMutations },
  { name: "wrap-call", mutations: wrapCallMutations },
];

/** Every family's mutations of the listing, in family order. */
export function familyMutations(analysis: PyAnalysis): Mutation[] {
  return OPERATOR_FAMILIES.flatMap((f) => f.mutations(analysis));
}
