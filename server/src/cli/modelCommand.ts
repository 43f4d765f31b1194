import pc from "picocolors";
import {
  ModelRegistry,
  activeChoice,
  modelPaths,
  parsePromptStyle,
  sameChoice,
  updateModelConfig,
} from "../core/models/index.js";
import type { ModelEntry } from "../core/models/index.js";
import { RoundStore } from "../core/rounds/RoundStore.js";
import { resources } from "../core/resources.js";
import { UsageError } from "./UsageError.js";
import type { CliCommand } from "./CliCommand.js";

const USAGE = "coe model list [--json] | pull URI | use NAME|PATH|none [--style auto|chat|coe] | rollback";

function registry(): ModelRegistry {
  return new ModelRegistry({ paths: modelPaths(), bundled: resources.bundledModel() });
}

function size(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}

/** The table `coe model list` prints: one row per model, "*" on the one in use. */
export function formatModelTable(entries: ModelEntry[], inUse: number): string {
  const head = ["", "NAME", "SOURCE", "ARCH", "QUANT", "CTX", "SIZE", "PROMPT", "PATH"];
  const rows = entries.map((e, i) => {
    const info = e.info;
    const prompt = !info ? "?" : info.adapter ? "lora" : info.chatTemplate ? "chat" : "coe";
    return [
      i === inUse ? "*" : "",
      e.name,
      e.round ? `round/${e.round.kind}${e.round.current ? " (promoted)" : ""}` : e.source,
      info?.architecture ?? "?",
      info?.quantization ?? "?",
      info ? (info.contextLength ? String(info.contextLength) : "-") : "?",
      info ? size(info.bytes) : "?",
      prompt,
      e.error ? `${e.path} (${e.error})` : e.path,
    ];
  });
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((x, c) => (c === r.length - 1 ? x : x.padEnd(widths[c]!))).join("  ");
  return [line(head), ...rows.map(line)].join("\n") + "\n";
}

async function list(json: boolean): Promise<number> {
  const entries = await registry().list();
  const active = activeChoice({ paths: modelPaths(), bundled: resources.bundledModel() });
  const inUse = entries.findIndex((e) => active.choice.model !== "none" && sameChoice(e.choice, active.choice));
  if (json) process.stdout.write(JSON.stringify({ models: entries, inUse: active }, null, 2) + "\n");
  else if (entries.length === 0) process.stdout.write(`no models (pull one into ${modelPaths().modelsDir})\n`);
  else process.stdout.write(formatModelTable(entries, inUse));
  // Round folders a crash left without a readable round.json: named, left on disk as they are.
  for (const u of new RoundStore(modelPaths().roundsDir).unreadable())
    process.stderr.write(pc.yellow(`left out ${u.id}: ${u.reason}\n`));
  return 0;
}

async function pull(uri: string | undefined, signal: AbortSignal): Promise<number> {
  if (!uri) throw new UsageError(`coe model pull needs a URI (hf:USER/REPO:QUANT or https://...gguf)`);
  const { pullModel, PullOfflineError, PullUriError } = await import("../core/model/pullModel.js");
  const dir = modelPaths().modelsDir;
  let last = 0;
  try {
    const path = await pullModel({
      uri,
      dir,
      signal,
      onProgress: (p) => {
        if (Date.now() - last < 500 && p.downloadedBytes < p.totalBytes) return;
        last = Date.now();
        const pct = p.totalBytes ? ((100 * p.downloadedBytes) / p.totalBytes).toFixed(1) : "?";
        process.stderr.write(`\r${pct}% of ${size(p.totalBytes)} (${size(p.bytesPerSecond)}/s)   `);
      },
    });
    process.stderr.write("\n");
    process.stdout.write(`${pc.green("pulled")} ${path}\n`);
    return 0;
  } catch (err) {
    if (err instanceof PullOfflineError)
      throw new UsageError(`cannot pull ${uri}: offline (${err.message}); copy a .gguf into ${dir} instead`);
    if (err instanceof PullUriError) throw new UsageError(err.message);
    throw err;
  }
}

async function use(name: string | undefined, style: string | undefined): Promise<number> {
  if (!name) throw new UsageError("coe model use needs a NAME from coe model list, a PATH.gguf, or none");
  let choice;
  let promptStyle;
  try {
    promptStyle = parsePromptStyle(style);
    choice = await registry().resolve(name);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { configPath } = modelPaths();
  updateModelConfig(configPath, { choice, ...(promptStyle ? { promptStyle } : {}) });
  const adapters = choice.adapters?.length ? ` + adapter ${choice.adapters.map((a) => a.filePath).join(", ")}` : "";
  process.stdout.write(`now using ${choice.name ?? name}: ${choice.model}${adapters} (saved in ${configPath})\n`);
  return 0;
}

function rollback(): number {
  const paths = modelPaths();
  let result;
  try {
    result = new RoundStore(paths.roundsDir).rollback();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  updateModelConfig(paths.configPath, { choice: result.restored });
  process.stdout.write(
    `rolled back ${result.from}; now using ${result.restored.name ?? result.restored.model} (the round's files are kept)\n`,
  );
  return 0;
}

export const modelCommand: CliCommand = {
  name: "model",
  summary: "models on disk: list, pull (download), use (choose), rollback (undo the last promoted round)",
  usage: USAGE,
  options: { json: { type: "boolean", default: false }, style: { type: "string" } },
  async run({ values, positionals, signal }) {
    const [sub, arg, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(" ")}\nusage: ${USAGE}`);
    switch (sub) {
      case "list":
        return list(Boolean(values.json));
      case "pull":
        return pull(arg, signal);
      case "use":
        return use(arg, values.style as string | undefined);
      case "rollback":
        return rollback();
      default:
        throw new UsageError(`coe model needs list, pull, use or rollback\nusage: ${USAGE}`);
    }
  },
};
