export { readGgufHeader, type GgufHeader, type GgufValue, type GgufTensorDescriptor } from "./readGgufHeader.js";
export { describeModel, type ModelDescription } from "./describeModel.js";
export { modelPaths, type ModelPaths } from "./modelPaths.js";
export {
  readModelConfig,
  updateModelConfig,
  parsePromptStyle,
  type ModelConfig,
  type ModelChoice,
  type AdapterRef,
  type PromptStyleSetting,
} from "./ModelConfig.js";
export { ModelRegistry, type ModelEntry, type ModelSource, type ModelRegistryOptions } from "./ModelRegistry.js";
export { activeChoice, sameChoice, type ActiveChoice } from "./activeChoice.js";
