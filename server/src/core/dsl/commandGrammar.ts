/**
 * The GBNF grammar for one model turn (DESIGN §1): exactly one command and a newline, with line
 * numbers restricted to those that exist in the current listing (ADDL may also name n+1).
 * Generated per state; llama.cpp compiles it with llama.createGrammar.
 */
export interface CommandGrammarOptions {
  /** Number of lines in the current listing. */
  lineCount: number;
  /** Longest <text> in characters (keeps a runaway line from eating the token budget). */
  maxTextChars?: number;
}

function alternatives(from: number, to: number): string {
  const alts: string[] = [];
  for (let i = from; i <= to; i++) alts.push(`"${i}"`);
  return alts.join(" | ");
}

export function commandGrammar(options: CommandGrammarOptions): string {
  const n = Math.max(0, Math.floor(options.lineCount));
  const max = options.maxTextChars ?? 160;
  const rules: string[] = [];
  const cmds: string[] = ['"EXIT"', "addl"];
  rules.push(`addl ::= "ADDL " lnadd " >>>" text`);
  rules.push(`lnadd ::= ${alternatives(1, n + 1)}`);
  if (n > 0) {
    cmds.push("dell", "repl", "repw");
    rules.push(`dell ::= "DELL " ln`);
    rules.push(`repl ::= "REPL " ln " >>>" text`);
    rules.push(`repw ::= "REPW " ln " >>>" old " >>>" text`);
    rules.push(`ln ::= ${alternatives(1, n)}`);
    // <old> is non-empty and may not contain '>' so the first " >>>" always ends it.
    rules.push(`old ::= [^\\n>]{1,${Math.min(max, 60)}}`);
  }
  rules.push(`text ::= [^\\n]{0,${max}}`);
  return [`root ::= cmd "\\n"`, `cmd ::= ${cmds.join(" | ")}`, ...rules].join("\n") + "\n";
}
