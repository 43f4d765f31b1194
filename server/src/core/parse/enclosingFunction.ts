import type { Node } from "web-tree-sitter";

/** A function or method of a Python file, as the repair scope: 1-based, inclusive line numbers. */
export interface FunctionSpan {
  /** The function's name; a method is "Class.method". */
  name: string;
  /** First line: the first decorator, else the `def` line. */
  from: number;
  /** Last line of the body. */
  to: number;
}

const DEFINITION = "function_definition";

/**
 * The innermost function (or method) of a tree-sitter-python tree that contains `line` (1-based),
 * decorators included; undefined when the line is outside every function. Nested functions: the
 * innermost one wins, so a cursor inside a helper repairs the helper alone.
 */
export function enclosingFunction(root: Node, line: number): FunctionSpan | undefined {
  const row = line - 1;
  let found: Node | undefined;
  let node: Node | null = root;
  while (node) {
    let next: Node | null = null;
    for (const child of node.namedChildren) {
      if (child && child.startPosition.row <= row && row <= child.endPosition.row) {
        next = child;
        break;
      }
    }
    if (next?.type === DEFINITION) found = next;
    node = next;
  }
  if (!found) return undefined;
  const outer = found.parent?.type === "decorated_definition" ? found.parent : found;
  // A body ending in a blank line or a comment ends on that line's row; endPosition column 0 means
  // the node stops at the start of the next line, which is not part of it.
  const end = outer.endPosition.column === 0 ? outer.endPosition.row - 1 : outer.endPosition.row;
  return { name: qualifiedName(found), from: outer.startPosition.row + 1, to: end + 1 };
}

/** "name", or "Class.name" for a method (the classes around it, outermost first). */
function qualifiedName(def: Node): string {
  const parts = [def.childForFieldName("name")?.text ?? "<anonymous>"];
  for (let p = def.parent; p; p = p.parent)
    if (p.type === "class_definition") parts.unshift(p.childForFieldName("name")?.text ?? "<class>");
  return parts.join(".");
}
