import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { PromptStyle } from "../tool/formatEpisode.js";

export type PromptStyleSetting = PromptStyle | "auto";

/** A LoRA adapter GGUF applied on top of the base model (llama.cpp's scale, default 1). */
export interface AdapterRef {
  filePath: string;
  scale?: number;
}

/** What to load: a base GGUF plus adapters (a LoRA round), with a name for the list and traces. */
export interface ModelChoice {
  /** Absolute path of the GGUF, or "none" (no model: mutations only). */
  model: string;
  adapters?: AdapterRef[];
  /** The list entry this came from (e.g. "coe-tiny", "round-0003"). */
  name?: string;
  /** The round it came from, when it is one. */
  round?: string;
}

/** The small config file `coe model use` writes and the CLI and the language server read. */
export interface ModelConfig {
  choice?: ModelChoice;
  /** Prompt style: auto (chat template present -> chat, else coe), chat or coe. */
  promptStyle?: PromptStyleSetting;
}

/** Reads the config; a missing file is {}; a broken one is an Error naming the file. */
export function readModelConfig(path: string): ModelConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid JSON (${(err as Error).message}); fix or delete it`, { cause: err });
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`${path} is not a JSON object`);
  const c = parsed as ModelConfig;
  if (c.choice !== undefined && typeof c.choice?.model !== "string")
    throw new Error(`${path}: "choice.model" must be a path or "none"`);
  if (c.promptStyle !== undefined && !["auto", "chat", "coe"].includes(c.promptStyle))
    throw new Error(`${path}: "promptStyle" must be auto, chat or coe`);
  return c;
}

/** Writes the config atomically (temp file + rename), keeping fields not in `changes`. */
export function updateModelConfig(path: string, changes: Partial<ModelConfig>): ModelConfig {
  const next = { ...readModelConfig(path), ...changes };
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(next, null, 2) + "\n");
  renameSync(tmp, path);
  return next;
}

/** Parses a --style / coe.promptStyle value; undefined stays undefined (auto). */
export function parsePromptStyle(value: string | undefined): PromptStyleSetting | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "auto" || value === "chat" || value === "coe") return value;
  throw new Error(`prompt style must be auto, chat or coe (got ${value})`);
}
