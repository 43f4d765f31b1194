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
export {
  BUILTIN_SUITES,
  SPLIT,
  MBPP_SUITE_VERSION,
  splitOf,
  trainableError,
  type BuiltinSuite,
  type SuiteSplit,
  type TaskOrigin,
  type MbppSuiteSource,
  type FileSuiteSource,
} from "./suitePolicy.js";
export { loadBuiltinSuite, type LoadBuiltinSuiteOptions } from "./loadBuiltinSuite.js";
