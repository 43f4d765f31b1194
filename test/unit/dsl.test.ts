/**
 * Fixture tests of the DSL (DESIGN §1), written as (code before, command, code after) snippets.
 * Every fixture goes through the same path as the tool: parseCommand on the command text, then
 * applyCommand on splitLines(before), then joinLines.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  applyCommand,
  commandGrammar,
  CommandSyntaxError,
  joinLines,
  parseCommand,
  printCommand,
  splitLines,
  tryParseCommand,
} from "../../server/src/core/dsl/index.js";
import type { Command } from "../../server/src/core/types.js";

/** Applies one command text; returns the new file or the error message. */
function run(
  before: string,
  command: string,
): { ok: true; after: string } | { ok: false; error: string; after: string } {
  const r = applyCommand(splitLines(before), parseCommand(command));
  return r.ok ? { ok: true, after: joinLines(r.lines) } : { ok: false, error: r.error, after: joinLines(r.lines) };
}

const OK: Array<[name: string, before: string, command: string, after: string]> = [
  [
    "replace keeps the given indentation",
    "def f(a, b):\n    return a - b\n",
    "REPL 2 >>>    return a + b",
    "def f(a, b):\n    return a + b\n",
  ],
  ["REPL can change indentation", "if x:\n    y = 1\n", "REPL 2 >>>        y = 1", "if x:\n        y = 1\n"],
  [
    "ADDL keeps leading tabs verbatim",
    "def f():\n\treturn 1\n",
    "ADDL 2 >>>\tx = 0",
    "def f():\n\tx = 0\n\treturn 1\n",
  ],
  ["ADDL 1 inserts at the top", "b\n", "ADDL 1 >>>a", "a\nb\n"],
  ["ADDL n+1 appends", "a\nb\n", "ADDL 3 >>>c", "a\nb\nc\n"],
  ["ADDL 1 on an empty file", "", "ADDL 1 >>>x = 1", "x = 1\n"],
  ["ADDL an empty line", "a\nb\n", "ADDL 2 >>>", "a\n\nb\n"],
  ["DELL the only line leaves an empty file", "x = 1\n", "DELL 1", ""],
  ["DELL the last line", "a\nb\nc\n", "DELL 3", "a\nb\n"],
  ["REPW replaces every occurrence", "y = x + x * x\n", "REPW 1 >>>x >>>z", "y = z + z * z\n"],
  ["REPW operator", "    return a - b\n", "REPW 1 >>>- >>>+", "    return a + b\n"],
  ["REPW new may contain '>'", "if a < b:\n", "REPW 1 >>>< >>>>", "if a > b:\n"],
  ["REPW new may be empty", "x = 10 # note\n", "REPW 1 >>> # note >>>", "x = 10\n"],
  ["REPW old with a trailing space", "a  b\n", "REPW 1 >>>a  >>>c", "c b\n"],
  ["unicode text", "s = 'a'\n", "REPL 1 >>>s = 'héllo wörld 😀'", "s = 'héllo wörld 😀'\n"],
  ["unicode REPW", "s = '😀'\n", "REPW 1 >>>😀 >>>é", "s = 'é'\n"],
  ["text containing >>> is kept", "x\n", "REPL 1 >>>print('>>>')", "print('>>>')\n"],
  ["CRLF input is normalised", "a\r\nb\r\n", "REPL 2 >>>c", "a\nc\n"],
  ["a missing final newline is added", "a\nb", "DELL 1", "b\n"],
  ["EXIT changes nothing", "a\n", "EXIT", "a\n"],
  ["command with a trailing newline", "a\n", "REPL 1 >>>b\n", "b\n"],
];

const ERRORS: Array<[name: string, before: string, command: string, error: RegExp]> = [
  ["DELL past the end", "a\nb\n", "DELL 3", /out of range 1-2/],
  ["DELL on an empty file", "", "DELL 1", /empty/],
  ["REPL past the end", "a\n", "REPL 2 >>>b", /out of range 1-1/],
  ["REPL on an empty file", "", "REPL 1 >>>b", /empty/],
  ["ADDL beyond n+1", "a\n", "ADDL 3 >>>c", /out of range 1-2/],
  ["ADDL 2 on an empty file", "", "ADDL 2 >>>c", /out of range 1-1/],
  ["REPW with no match", "x = 1\n", "REPW 1 >>>y >>>z", /"y" is not on line 1/],
  ["REPW past the end", "x = 1\n", "REPW 2 >>>x >>>z", /out of range/],
];

const MALFORMED = [
  "",
  "exit",
  "EXIT ",
  "DELL",
  "DELL 0",
  "DELL 01",
  "DELL -1",
  "DELL 1 >>>x",
  "DELL 1.5",
  "REPL 1 x",
  "REPL 1>>>x",
  "ADDL >>>x",
  "REPW 1 >>>a",
  "REPW 1 >>> >>>b",
  "FOO 1 >>>x",
  "REPL 1 >>>a\nREPL 2 >>>b",
];

void describe("DSL fixtures: (before, command, after)", () => {
  for (const [name, before, command, after] of OK) {
    void it(name, () => {
      const r = run(before, command);
      assert.equal(r.ok, true, r.ok ? "" : r.error);
      assert.equal(r.after, after);
    });
  }
});

void describe("DSL fixtures: commands that cannot be applied", () => {
  for (const [name, before, command, error] of ERRORS) {
    void it(name, () => {
      const r = run(before, command);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, error);
      // The state is unchanged (in normal form).
      assert.equal(r.after, joinLines(splitLines(before)));
    });
  }
});

void describe("DSL parsing", () => {
  for (const text of MALFORMED) {
    void it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseCommand(text), CommandSyntaxError);
      assert.equal(tryParseCommand(text), undefined);
    });
  }

  void it("parses each op into its fields", () => {
    assert.deepEqual(parseCommand("DELL 12"), { op: "DELL", line: 12 });
    assert.deepEqual(parseCommand("ADDL 3 >>>  x"), { op: "ADDL", line: 3, text: "  x" });
    assert.deepEqual(parseCommand("REPL 1 >>>"), { op: "REPL", line: 1, text: "" });
    assert.deepEqual(parseCommand("REPW 2 >>>a >>>b >>>c"), { op: "REPW", line: 2, old: "a", new: "b >>>c" });
    assert.deepEqual(parseCommand("EXIT\n"), { op: "EXIT" });
  });

  void it("print and parse are inverse (round trips)", () => {
    const cmds: Command[] = [
      { op: "EXIT" },
      { op: "DELL", line: 7 },
      { op: "ADDL", line: 1, text: "" },
      { op: "ADDL", line: 2, text: "\t\tif x >>> 1: # 😀" },
      { op: "REPL", line: 30, text: "    return [a for a in b if a > 0]" },
      { op: "REPW", line: 4, old: "<", new: ">=" },
      { op: "REPW", line: 4, old: "x ", new: " >>>y" },
    ];
    for (const c of cmds) {
      assert.deepEqual(parseCommand(printCommand(c)), c);
      assert.equal(printCommand(parseCommand(printCommand(c))), printCommand(c));
    }
  });

  void it("splitLines / joinLines round trip on normal-form files", () => {
    for (const code of ["", "\n", "a\n", "a\n\nb\n", "\n\n", "x = '😀'\n"])
      assert.equal(joinLines(splitLines(code)), code);
    assert.deepEqual(splitLines(""), []);
    assert.deepEqual(splitLines("\n"), [""]);
    assert.deepEqual(splitLines("a\r\nb"), ["a", "b"]);
  });
});

void describe("commandGrammar", () => {
  void it("admits only the existing line numbers (ADDL also n+1)", () => {
    const g = commandGrammar({ lineCount: 3 });
    assert.match(g, /^root ::= cmd "\\n"$/m);
    assert.match(g, /^lnadd ::= "1" \| "2" \| "3" \| "4"$/m);
    assert.match(g, /^ln ::= "1" \| "2" \| "3"$/m);
    assert.doesNotMatch(g, /"0"/);
  });

  void it("an empty file allows only EXIT and ADDL 1", () => {
    const g = commandGrammar({ lineCount: 0 });
    assert.match(g, /^cmd ::= "EXIT" \| addl$/m);
    assert.match(g, /^lnadd ::= "1"$/m);
    assert.doesNotMatch(g, /DELL|REPL|REPW/);
  });

  void it("given the listing, REPW <old> is a piece of the named line (after its indentation, without '>')", () => {
    const g = commandGrammar({
      lineCount: 3,
      listing: ["def f(a):", '    return a > "\\"', ""],
      lines: { from: 1, to: 3 },
    });
    // Line 3 is blank: no REPW names it; line 2's pieces start at "return" and stop before '>'.
    assert.match(g, /^repw ::= "REPW " \("1" " >>>" o1 \| "2" " >>>" o2\) " >>>" text$/m);
    assert.match(g, /^o2 ::= c2-4 \| c2-5 \| .* \| c2-12 \| c2-14 \| c2-15 \| c2-16 \| c2-17$/m);
    assert.match(g, /^c2-11 ::= "a" c2-12\?$/m);
    assert.match(g, /^c2-12 ::= " "$/m, "the chain stops before '>'");
    assert.match(g, /^c2-16 ::= "\\\\" c2-17\?$/m, "a backslash is escaped");
    assert.match(g, /^c2-17 ::= "\\""$/m, "a quote is escaped");
    assert.doesNotMatch(g, /^old ::=/m);
    assert.doesNotMatch(g, /c2-[0-3] /, "no piece starts in the indentation");
    // Every rule that is referenced is defined.
    const defined = new Set([...g.matchAll(/^([\w-]+) ::=/gm)].map((m) => m[1]));
    for (const ref of g.replace(/"(\\.|[^"\\])*"/g, "").match(/\b[oc]\d+(-\d+)?\b/g) ?? [])
      assert.ok(defined.has(ref), `undefined rule ${ref}`);
    // Scoped to lines 2-3, and a listing with no usable text: no REPW at all.
    assert.match(
      commandGrammar({ lineCount: 3, listing: ["a", "b", "c"], lines: { from: 2, to: 3 } }),
      /^repw ::= "REPW " \("2" " >>>" o2 \| "3" " >>>" o3\)/m,
    );
    assert.match(commandGrammar({ lineCount: 2, listing: ["", ">>"] }), /^cmd ::= "EXIT" \| addl \| dell \| repl$/m);
  });

  void it("REPW <old> excludes '>' and newlines and is non-empty; text excludes newlines", () => {
    const g = commandGrammar({ lineCount: 1, maxTextChars: 80 });
    assert.match(g, /^old ::= \[\^\\n>\]\{1,60\}$/m);
    assert.match(g, /^text ::= \[\^\\n\]\{0,80\}$/m);
    // Every rule that is referenced is defined.
    const defined = new Set([...g.matchAll(/^(\w+) ::=/gm)].map((m) => m[1]));
    const bodies = g
      .split("\n")
      .map((l) => l.split("::=")[1] ?? "")
      .join(" ")
      .replace(/"[^"]*"/g, "")
      .replace(/\[[^\]]*\]/g, "");
    for (const ref of bodies.match(/[a-z]+/g) ?? []) assert.ok(defined.has(ref), `undefined rule ${ref}`);
  });
});
