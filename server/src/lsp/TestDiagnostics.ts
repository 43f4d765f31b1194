import { fileURLToPath } from "node:url";
import { DiagnosticSeverity, type Connection, type Diagnostic } from "vscode-languageserver/node.js";
import { isSolved, type Verdict } from "../core/types.js";
import { DIAGNOSTIC_SOURCE, FAILING_TEST_CODE, TestResultsNotification, type TestResultsParams } from "../protocol.js";
import { findTests } from "./findTests.js";
import type { ServerEngine } from "./ServerEngine.js";

export interface TestDiagnosticsOptions {
  connection: Connection;
  engine: ServerEngine;
  /** Text of the open document at this file path (unsaved edits included), or undefined when it is not open. */
  openText: (path: string) => string | undefined;
  log?: (line: string) => void;
}

/** What a file shows: the failing tests of its last save, and the syntax error of the text being typed. */
interface Shown {
  tests: Diagnostic[];
  syntax?: { text: string; diagnostic: Diagnostic };
}

/**
 * Runs a Python file's tests when it is saved and turns each failing test into a diagnostic (on the
 * line the verifier maps the failure to, else line 1). It also remembers the last failing text of
 * each file, so a save that turns the tests green by hand is reported with `fixedFrom` (the client
 * then offers to record the fix); an accepted repair clears that memory so it is not offered twice.
 * The live syntax error of the text being typed (setSyntax, from tree-sitter) is published beside
 * the test diagnostics, until the text parses again or Python has judged that same text on save.
 */
export class TestDiagnostics {
  private readonly running = new Map<string, AbortController>();
  private readonly lastFailing = new Map<string, string>();
  private readonly shown = new Map<string, Shown>();

  constructor(private readonly options: TestDiagnosticsOptions) {}

  /** Verifies `text` as the content of `uri` and publishes the result; undefined when it has no tests. */
  async check(uri: string, text: string): Promise<Verdict | undefined> {
    const path = uriToPath(uri);
    if (!path) return undefined;
    const found = findTests(path, text, { read: this.options.openText });
    if (!found) {
      this.running.get(uri)?.abort();
      this.publish(uri, { tests: [] });
      return undefined;
    }
    this.running.get(uri)?.abort();
    const controller = new AbortController();
    this.running.set(uri, controller);
    let verdict: Verdict;
    try {
      verdict = await this.options.engine
        .verifierInstance()
        .verify({ code: text, tests: found.tests, fileName: found.fileName, signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) return undefined;
      this.options.log?.(`tests of ${path} could not run: ${(err as Error).message}`);
      return undefined;
    } finally {
      if (this.running.get(uri) === controller) this.running.delete(uri);
    }
    // Python's verdict on this text replaces tree-sitter's guess about it (Python is the authority).
    const syntax = this.shown.get(uri)?.syntax;
    this.publish(uri, { tests: toDiagnostics(verdict, text), syntax: syntax?.text === text ? undefined : syntax });
    const params: TestResultsParams = { uri, kind: verdict.kind, passed: verdict.passed, total: verdict.total };
    if (isSolved(verdict)) {
      const before = this.lastFailing.get(uri);
      if (before !== undefined && before !== text) params.fixedFrom = before;
      this.lastFailing.delete(uri);
    } else this.lastFailing.set(uri, text);
    void this.options.connection.sendNotification(TestResultsNotification, params);
    return verdict;
  }

  /** The user accepted a repair of `uri`: the green save that follows is not a hand fix. */
  forgetFailure(uri: string): void {
    this.lastFailing.delete(uri);
  }

  /** The live syntax error of `text`, the document's text now (undefined: it parses). Test diagnostics stay. */
  setSyntax(uri: string, text: string, diagnostic: Diagnostic | undefined): void {
    const before = this.shown.get(uri);
    if (JSON.stringify(before?.syntax?.diagnostic) === JSON.stringify(diagnostic)) {
      if (before?.syntax && diagnostic) before.syntax.text = text;
      return;
    }
    this.publish(uri, { tests: before?.tests ?? [], syntax: diagnostic ? { text, diagnostic } : undefined });
  }

  clear(uri: string): void {
    this.running.get(uri)?.abort();
    this.shown.delete(uri);
    void this.options.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  dispose(): void {
    for (const c of this.running.values()) c.abort();
    this.running.clear();
  }

  private publish(uri: string, shown: Shown): void {
    this.shown.set(uri, shown);
    const diagnostics = shown.syntax ? [...shown.tests, shown.syntax.diagnostic] : shown.tests;
    void this.options.connection.sendDiagnostics({ uri, diagnostics });
  }
}

/** One diagnostic per failing test (or one for a syntax error, a crash or a timeout). */
export function toDiagnostics(verdict: Verdict, text: string): Diagnostic[] {
  const lines = text.split("\n");
  const at = (line: number | undefined, message: string): Diagnostic => {
    const l = Math.min(Math.max(1, line ?? 1), Math.max(1, lines.length)) - 1;
    const lineText = lines[l] ?? "";
    const start = lineText.length - lineText.trimStart().length;
    return {
      range: {
        start: { line: l, character: start },
        end: { line: l, character: Math.max(start + 1, lineText.length) },
      },
      severity: DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
      code: FAILING_TEST_CODE,
      message,
    };
  };
  if (verdict.kind === "syntax")
    return [at(verdict.syntax?.line, `syntax error: ${verdict.syntax?.message ?? verdict.detail ?? ""}`)];
  if (verdict.kind === "timeout" || verdict.kind === "crash")
    return [at(1, `tests ${verdict.kind}: ${verdict.detail ?? ""}`.trim())];
  return verdict.tests
    .filter((t) => t.status !== "pass")
    .map((t) => {
      const why = [t.message, t.got !== undefined ? `got ${t.got}` : undefined].filter(Boolean).join(", ");
      return at(
        t.line ?? lineOfTestedFunction(t.name, lines),
        `${t.name} ${t.status === "fail" ? "failed" : t.status}${why ? `: ${why}` : ""} (${verdict.passed}/${verdict.total} tests pass)`,
      );
    });
}

/**
 * Where a failure raised inside the test file (an assert on the result) most likely points: the
 * function the test is named after (test_count_above_none -> def count_above_none, else
 * def count_above), found by dropping trailing _words. Undefined (line 1) when nothing matches.
 */
export function lineOfTestedFunction(testName: string, lines: readonly string[]): number | undefined {
  const bare = testName
    .split(/::|\./)
    .at(-1)!
    .replace(/\[.*\]$/, "")
    .replace(/^test_?/, "");
  const parts = bare.split("_").filter(Boolean);
  for (let n = parts.length; n > 0; n--) {
    const name = parts
      .slice(0, n)
      .join("_")
      .replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const at = lines.findIndex((l) => new RegExp(`^\\s*(async\\s+)?def\\s+${name}\\s*\\(`).test(l));
    if (at >= 0) return at + 1;
  }
  return undefined;
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
