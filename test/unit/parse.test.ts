/** tree-sitter syntax location (the fast pre-check; Python's compile() stays the authority). */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { resources } from "../../server/src/core/resources.js";
import {
  PythonSyntaxLocator,
  disposeSyntaxLocator,
  locateSyntaxError,
} from "../../server/src/core/parse/locateSyntaxError.js";

void describe("locateSyntaxError", () => {
  after(() => disposeSyntaxLocator());

  void it("finds the packaged .wasm files", () => {
    const wasm = resources.treeSitterWasm();
    assert.match(wasm.runtime, /web-tree-sitter[/\\]tree-sitter\.wasm$/);
    assert.match(wasm.python, /tree-sitter-python[/\\]tree-sitter-python\.wasm$/);
  });

  void it("returns undefined for valid code", async () => {
    assert.equal(await locateSyntaxError("def add(a, b):\n    return a + b\n"), undefined);
    assert.equal(await locateSyntaxError(""), undefined);
  });

  void it("points at the line of an ERROR node", async () => {
    assert.equal(await locateSyntaxError("def add(a, b):\n    return a + b\nx = = 3\ny = 1\n"), 3);
    assert.equal(await locateSyntaxError("x = 1\ny = 2\ndef f(:\n    pass\n"), 3);
  });

  void it("reports a MISSING token (here the closing parenthesis)", async () => {
    const locator = await PythonSyntaxLocator.create();
    try {
      const found = locator.locate("x = 1\nprint(x\n");
      assert.ok(found, "tree-sitter should see the unclosed call");
      assert.equal(found.line, 2);
    } finally {
      locator.dispose();
    }
  });

  void it("gives the first problem when there are several", async () => {
    assert.equal(await locateSyntaxError("a = 1\nb = = 2\nc = = 3\n"), 2);
  });

  void it("is fast once warm (a pre-check must be cheap)", async () => {
    const code = Array.from({ length: 200 }, (_, i) => `def f${i}(x):\n    return x + ${i}\n`).join("");
    await locateSyntaxError(code);
    const started = performance.now();
    for (let i = 0; i < 20; i++) await locateSyntaxError(code);
    assert.ok((performance.now() - started) / 20 < 20, "parsing 400 lines took over 20 ms");
  });

  void it("misses a bad dedent and an empty else block, as DESIGN §7 warns", async () => {
    // Known gap: these compile() rejects (line 3 both), tree-sitter accepts. The worker's
    // compile() is the authority; if this starts failing, tree-sitter got better.
    assert.equal(await locateSyntaxError("if x:\n    pass\nelse:\n"), undefined);
    assert.equal(await locateSyntaxError("def f():\n    x = 1\n  y = 2\n"), undefined);
  });
});
