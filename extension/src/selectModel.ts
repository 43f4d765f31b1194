import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node.js";
import {
  ListModelsRequest,
  SelectModelRequest,
  type ListModelsResult,
  type ModelInfo,
  type ModelListItem,
  type SelectModelParams,
} from "../../server/src/protocol.js";

interface ModelPick extends vscode.QuickPickItem {
  name: string;
}

function size(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** One quick-pick row: name, then source, architecture, quantization, context and size. */
function toPick(m: ModelListItem): ModelPick {
  const i = m.info;
  const facts = i
    ? [
        m.round ? `round (${m.round.kind}${m.round.current ? ", promoted" : ""})` : m.source,
        i.architecture,
        i.quantization,
        i.contextLength ? `ctx ${i.contextLength}` : "",
        size(i.bytes),
        i.chatTemplate ? "chat template" : "",
      ]
    : [m.source, m.error ?? "unreadable"];
  return {
    name: m.name,
    label: `${m.inUse ? "$(check) " : ""}${m.name}`,
    description: facts.filter(Boolean).join(" · "),
    detail: m.round?.decision ?? m.path,
  };
}

/**
 * "Chain-of-Edits: Select Model...": a quick pick of the models on disk (the server's coe/listModels:
 * bundled, pulled, trained rounds) plus "none"; the server loads the pick and swaps it in without a
 * restart (coe/selectModel). With a name argument (tests, keybindings) it selects without asking.
 */
export async function selectModel(client: LanguageClient, name?: string): Promise<ModelInfo | undefined> {
  let target = name;
  if (!target) {
    const list = await client.sendRequest<ListModelsResult>(ListModelsRequest);
    const picks: ModelPick[] = [
      ...list.models.map(toPick),
      { name: "none", label: "none", description: "no model: repairs search with mutations only" },
    ];
    const chosen = await vscode.window.showQuickPick(picks, {
      title: "Chain-of-Edits: Select Model",
      placeHolder: `Models on disk (pull more with coe model pull into ${list.modelsDir})`,
      matchOnDescription: true,
    });
    target = chosen?.name;
  }
  if (!target) return undefined;
  try {
    const params: SelectModelParams = { name: target };
    const info = await client.sendRequest<ModelInfo>(SelectModelRequest, params);
    void vscode.window.showInformationMessage(
      `Chain-of-Edits: now using ${info.path ? info.name : "no model"}${info.adapters?.length ? " with its LoRA adapter" : ""}.`,
    );
    return info;
  } catch (err) {
    void vscode.window.showErrorMessage(`Chain-of-Edits: ${(err as Error).message}`);
    return undefined;
  }
}
