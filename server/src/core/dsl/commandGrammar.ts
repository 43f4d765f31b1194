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
  /** Only these listing lines may be named (1-based, inclusive; ADDL may also name `to + 1`): a repair
   *  scoped to one function. Clamped to the listing; default: every line. */
  lines?: LineRange;
}

/** A range of listing lines, 1-based and inclusive. */
export interface LineRange {
  from: number;
  to: number;
}

function alternatives(from: number, to: number): string {
  const alts: string[] = [];
  for (let i = from; i <= to; i++) alts.push(`"${i}"`);
  return alts.join(" | ");
}

export function commandGrammar(options: CommandGrammarOptions): string {
  const n = Math.max(0, Math.floor(options.lineCount));
  const max = options.maxTextChars ?? 160;
  const from = Math.max(1, Math.floor(options.lines?.from ?? 1));
  const to = Math.min(n, Math.floor(options.lines?.to ?? n));
  const rules: string[] = [];
  const cmds: string[] = ['"EXIT"', "addl"];
  rules.push(`addl ::= "ADDL " lnadd " >>>" text`);
  rules.push(`lnadd ::= ${alternatives(Math.min(from, n + 1), Math.max(to, from - 1) + 1)}`);
  if (n > 0 && to >= from) {
    cmds.push("dell", "repl", "repw");
    rules.push(`dell ::= "DELL " ln`);
    rules.push(`repl ::= "REPL " ln " >>>" text`);
    rules.push(`repw ::= "REPW " ln " >>>" old " >>>" text`);
    rules.push(`ln ::= ${alternatives(from, to)}`);
    // <old> is non-empty and may not contain '>' so the first " >>>" always ends it.
    rules.push(`old ::= [^\\n>]{1,${Math.min(max, 60)}}`);
  }
  rules.push(`text ::= [^\\n]{0,${max}}`);
  return [`root ::= cmd "\\n"`, `cmd ::= ${cmds.join(" | ")}`, ...rules].join("\n") + "\n";
}
