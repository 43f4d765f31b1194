import { CodeActionKind, type CodeAction, type CodeActionParams } from "vscode-languageserver/node.js";
import { DIAGNOSTIC_SOURCE, FAILING_TEST_CODE, REPAIR_COMMAND, REPAIR_FUNCTION_COMMAND } from "../protocol.js";

/**
 * Quick fixes for the failing-test diagnostics: "Repair with Chain-of-Edits", which runs the client's
 * coe.repairFile command on the document (the client then asks the server for coe/repair and shows
 * the review panel). Nothing is edited here: a repair is only applied when the user accepts it.
 */
export function codeActions(params: CodeActionParams): CodeAction[] {
  const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code === FAILING_TEST_CODE);
  if (ours.length === 0) return [];
  if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
  return [
    {
      title: "Repair with Chain-of-Edits",
      kind: CodeActionKind.QuickFix,
      diagnostics: ours,
      isPreferred: true,
      command: { title: "Repair with Chain-of-Edits", command: REPAIR_COMMAND, arguments: [params.textDocument.uri] },
    },
    {
      // The failing test's diagnostic sits on the function it calls: repair only that function.
      title: "Repair This Function with Chain-of-Edits",
      kind: CodeActionKind.QuickFix,
      diagnostics: ours,
      command: {
        title: "Repair This Function with Chain-of-Edits",
        command: REPAIR_FUNCTION_COMMAND,
        arguments: [params.textDocument.uri, ours[0]!.range.start.line],
      },
    },
  ];
}
