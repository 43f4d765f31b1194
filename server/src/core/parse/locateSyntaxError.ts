import { Language, Parser, type Node } from "web-tree-sitter";
import { resources, type TreeSitterWasm } from "../resources.js";

/** Where tree-sitter first saw a problem. Lines and columns are 1-based. */
export interface SyntaxLocation {
  line: number;
  column: number;
  /** "error": tokens it could not place (an ERROR node); "missing": a token it had to invent. */
  kind: "error" | "missing";
}

/**
 * The fast syntax pre-check (DESIGN §7): tree-sitter-python parses in well under a millisecond
 * and points at the first ERROR or MISSING node. It misses some errors (a bad dedent, a dangling
 * else at the end of a file), so Python's compile() in the worker stays the authority; this only
 * gives an early, cheap location (e.g. for editor diagnostics while the user types).
 */
export class PythonSyntaxLocator {
  private constructor(private readonly parser: Parser) {}

  static async create(wasm: Partial<TreeSitterWasm> = {}): Promise<PythonSyntaxLocator> {
    const paths = resources.treeSitterWasm(wasm);
    await Parser.init({ locateFile: () => paths.runtime });
    const language = await Language.load(paths.python);
    const parser = new Parser();
    parser.setLanguage(language);
    return new PythonSyntaxLocator(parser);
  }

  /** The first ERROR/MISSING node in document order, or undefined when tree-sitter sees none. */
  locate(code: string): SyntaxLocation | undefined {
    const tree = this.parser.parse(code);
    if (!tree) return undefined;
    try {
      return tree.rootNode.hasError ? firstProblem(tree.rootNode) : undefined;
    } finally {
      tree.delete();
    }
  }

  dispose(): void {
    this.parser.delete();
  }
}

function firstProblem(node: Node): SyntaxLocation | undefined {
  if (node.isError || node.isMissing) {
    return {
      line: node.startPosition.row + 1,
      column: node.startPosition.column + 1,
      kind: node.isMissing ? "missing" : "error",
    };
  }
  for (const child of node.children) {
    if (child && (child.hasError || child.isMissing)) {
      const found = firstProblem(child);
      if (found) return found;
    }
  }
  return undefined;
}

let shared: Promise<PythonSyntaxLocator> | undefined;

/** The line (1-based) of the first syntax problem tree-sitter finds, or undefined. */
export async function locateSyntaxError(code: string): Promise<number | undefined> {
  shared ??= PythonSyntaxLocator.create();
  try {
    return (await shared).locate(code)?.line;
  } catch (error) {
    shared = undefined; // let a later call retry (e.g. after a missing .wasm was fixed)
    throw error;
  }
}

/** Frees the shared parser (the next locateSyntaxError call creates a new one). */
export async function disposeSyntaxLocator(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current) (await current.catch(() => undefined))?.dispose();
}
