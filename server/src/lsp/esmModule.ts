/**
 * The parts of the engine the language server must load as real ES modules, bundled on their own
 * as dist/model.mjs and loaded on demand by loadEsm.ts:
 *  - node-llama-cpp is ESM-only and uses top-level await, so the CJS server bundle cannot require()
 *    it (Node: ERR_REQUIRE_ASYNC_MODULE); a dynamic import() of an ES module is the only way in.
 *    The trainer comes along because it loads models (vocabularies) too. Files of the package
 *    are found by core/resources.ts in either bundle.
 * Keep this file to re-exports: everything else of the server stays in the CJS bundle.
 */
export { LlamaPolicy, type LlamaPolicyOptions } from "../core/model/LlamaPolicy.js";
export { trainSft, type TrainSftOptions } from "../core/train/trainSft.js";
export { rlLearnedNothing, trainRl, type TrainRlOptions } from "../core/train/trainRl.js";
export { writeTokenized } from "../core/train/writeTokenized.js";
