export { REPAIR_MODES, isRepairMode, type RepairMode } from "./RepairMode.js";
export { solveRepair, type SolveRepairOptions, type SolveRepairResult } from "./solveRepair.js";
