import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver/node.js";
import type { TreeSitterWasm } from "../core/resources.js";
import { PythonSyntaxLocator, type SyntaxLocation } from "../core/parse/locateSyntaxError.js";
import { DIAGNOSTIC_SOURCE, SYNTAX_ERROR_CODE } from "../protocol.js";

export interface LiveSyntaxOptions {
  /** The two .wasm files (default: found next to the bundle or in node_modules, see core/resources.ts). */
  wasm?: Partial<TreeSitterWasm>;
  log?: (line: string) => void;
}

/**
 * Syntax errors while the user types (DESIGN §7): tree-sitter-python parses the editor's text in well
 * under a millisecond, without running Python, and the first ERROR/MISSING node becomes a diagnostic.
 * tree-sitter misses some errors and Python's compile() on save stays the authority (TestDiagnostics
 * drops this diagnostic once Python has judged the same text). When the .wasm files cannot be loaded
 * the server logs it once and goes on without live syntax errors (they still show on save).
 */
export class LiveSyntax {
  private locator: Promise<PythonSyntaxLocator | undefined> | undefined;
  private disposed = false;

  constructor(private readonly options: LiveSyntaxOptions = {}) {}

  /** Starts loading tree-sitter now, so the first edit is checked at once. */
  warm(): void {
    void this.instance();
  }

  /** The syntax-error diagnostic of `text`, or undefined when tree-sitter sees none (or is unavailable). */
  async diagnostic(text: string): Promise<Diagnostic | undefined> {
    const locator = await this.instance();
    if (!locator || this.disposed) return undefined;
    const found = locator.locate(text);
    return found ? toDiagnostic(found, text) : undefined;
  }

  dispose(): void {
    this.disposed = true;
    const current = this.locator;
    this.locator = undefined;
    void current?.then((l) => l?.dispose());
  }

  private instance(): Promise<PythonSyntaxLocator | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    this.locator ??= PythonSyntaxLocator.create(this.options.wasm).catch((err: unknown) => {
      this.options.log?.(
        `tree-sitter is unavailable, syntax errors show on save only: ${err instanceof Error ? err.message : String(err)}`,
      );
      return undefined;
    });
    return this.locator;
  }
}

/** A diagnostic from the problem's position to the end of its line (at least one character). */
export function toDiagnostic(found: SyntaxLocation, text: string): Diagnostic {
  const line = found.line - 1;
  const lineText = text.split("\n")[line]?.replace(/\r$/, "") ?? "";
  const character = found.column - 1;
  return {
    range: {
      start: { line, character },
      end: { line, character: Math.max(character + 1, lineText.length) },
    },
    severity: DiagnosticSeverity.Error,
    source: DIAGNOSTIC_SOURCE,
    code: SYNTAX_ERROR_CODE,
    message: "syntax error",
  };
}
