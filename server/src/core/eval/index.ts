export { parseSuite, splitHidden, type EvalTask } from "./EvalTask.js";
export {
  runEval,
  summarize,
  type Solver,
  type SolverResult,
  type TaskResult,
  type EvalSummary,
  type RunEvalOptions,
} from "./runEval.js";
