import { ErrorCodes, ResponseError } from "vscode-languageserver/node.js";
import { resources } from "../core/resources.js";
import { ModelRegistry, modelPaths, sameChoice, updateModelConfig } from "../core/models/index.js";
import type { ListModelsResult, ModelInfo, SelectModelParams } from "../protocol.js";
import type { ServerEngine } from "./ServerEngine.js";

export interface ModelSelectionOptions {
  engine: ServerEngine;
  log?: (line: string) => void;
}

/**
 * coe/listModels and coe/selectModel: the same list as `coe model list` (bundled, pulled, rounds,
 * read from GGUF headers: no model is loaded to list them) and a hot swap to one entry, saved to the
 * config file `coe model use` writes, so the CLI and the next server start use it too.
 */
export class ModelSelection {
  constructor(private readonly options: ModelSelectionOptions) {}

  private registry(): ModelRegistry {
    let bundled: string | undefined;
    try {
      bundled = resources.bundledModel();
    } catch {
      bundled = undefined;
    }
    return new ModelRegistry({ paths: modelPaths(), ...(bundled ? { bundled } : {}) });
  }

  async list(): Promise<ListModelsResult> {
    const entries = await this.registry().list();
    const current = this.options.engine.choice();
    return {
      models: entries.map((e) => ({ ...e, inUse: current.model !== "" && sameChoice(e.choice, current) })),
      modelsDir: modelPaths().modelsDir,
    };
  }

  /** Unknown names, unreadable files and models llama.cpp cannot load are InvalidParams with one line. */
  async select(params: SelectModelParams): Promise<ModelInfo> {
    if (typeof params?.name !== "string" || params.name.trim() === "")
      throw new ResponseError(ErrorCodes.InvalidParams, "coe/selectModel needs a model name (or none)");
    let choice;
    try {
      choice = await this.registry().resolve(params.name);
    } catch (err) {
      throw new ResponseError(ErrorCodes.InvalidParams, (err as Error).message);
    }
    let info: ModelInfo;
    try {
      info = await this.options.engine.useChoice(choice);
    } catch (err) {
      throw new ResponseError(ErrorCodes.InvalidParams, `cannot load ${params.name}: ${(err as Error).message}`);
    }
    if (params.persist !== false) updateModelConfig(modelPaths().configPath, { choice });
    this.options.log?.(`selected model ${choice.name ?? choice.model}`);
    return info;
  }
}
