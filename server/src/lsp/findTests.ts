import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { TestSource } from "../core/types.js";

/** The tests a Python file is judged by, and where they came from. */
export interface FoundTests {
  tests: TestSource;
  /** The pytest file, when the tests are one (shown in messages; its saves re-check the module). */
  testsPath?: string;
  /** Module file name inside the verifier's scratch copy: the tests import the module by it. */
  fileName: string;
}

/** Is this a pytest file (test_*.py or *_test.py)? Such files are tests, not code to repair. */
export function isTestFile(path: string): boolean {
  const name = basename(path);
  return name.endsWith(".py") && (name.startsWith("test_") || name.endsWith("_test.py"));
}

/** Candidate pytest files for module `path`, in the order they are tried. */
export function testFileCandidates(path: string): string[] {
  const dir = dirname(path);
  const stem = basename(path, ".py");
  return [
    join(dir, `test_${stem}.py`),
    join(dir, `${stem}_test.py`),
    join(dir, "tests", `test_${stem}.py`),
    join(dirname(dir), "tests", `test_${stem}.py`),
  ];
}

/** Doctest prompts or a top-level assert: the verifier's "auto" source runs them. */
export function hasInlineTests(text: string): boolean {
  return /^\s*>>> /m.test(text) || /^assert\b/m.test(text);
}

/**
 * Finds the tests of the Python file at `path` (DESIGN §4 order): an explicit pytest file, a sibling
 * test_<name>.py (or <name>_test.py, or tests/test_<name>.py), else doctests or asserts in the file
 * itself. `read` gives an open editor's (unsaved) text of a test file. Returns undefined when the file has no tests (or is itself a test file).
 */
export function findTests(
  path: string,
  text: string,
  options: { testsPath?: string; read?: (path: string) => string | undefined } = {},
): FoundTests | undefined {
  const fileName = basename(path);
  if (!fileName.endsWith(".py") || (isTestFile(path) && !options.testsPath)) return undefined;
  const explicit = options.testsPath;
  const testsPath = explicit ?? testFileCandidates(path).find((p) => existsSync(p));
  if (testsPath) {
    return {
      tests: {
        kind: "pytest",
        file: basename(testsPath),
        content: options.read?.(testsPath) ?? readFileSync(testsPath, "utf8"),
      },
      testsPath,
      fileName,
    };
  }
  if (hasInlineTests(text)) return { tests: { kind: "auto" }, fileName };
  return undefined;
}

/** The module a test file tests (test_x.py -> x.py beside it or one folder up), when it exists. */
export function moduleOfTestFile(testPath: string): string | undefined {
  const name = basename(testPath, ".py");
  const stem = name.startsWith("test_") ? name.slice(5) : name.endsWith("_test") ? name.slice(0, -5) : undefined;
  if (!stem) return undefined;
  const dir = dirname(testPath);
  return [join(dir, `${stem}.py`), join(dirname(dir), `${stem}.py`)].find((p) => existsSync(p));
}
