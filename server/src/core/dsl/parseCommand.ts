import type { Command } from "../types.js";

/** Thrown for text that is not one well-formed DSL command. */
export class CommandSyntaxError extends Error {
  override name = "CommandSyntaxError";
}

const SEP = " >>>";

/**
 * Parses one DSL command (DESIGN §1). Accepts a trailing newline. Text after `>>>` is kept
 * verbatim (leading indentation included). For REPW the first ` >>>` after `<old>` separates
 * old from new, so `<old>` cannot itself contain ` >>>`.
 */
export function parseCommand(input: string): Command {
  const line = input.endsWith("\n") ? input.slice(0, -1) : input;
  if (line.includes("\n")) throw new CommandSyntaxError("a command is one line");
  if (line === "EXIT") return { op: "EXIT" };
  const m = /^(DELL|ADDL|REPL|REPW) ([1-9][0-9]*)(.*)$/s.exec(line);
  if (!m) throw new CommandSyntaxError(`not a command: ${JSON.stringify(line.slice(0, 60))}`);
  const op = m[1] as "DELL" | "ADDL" | "REPL" | "REPW";
  const n = Number(m[2]);
  const rest = m[3]!;
  if (op === "DELL") {
    if (rest !== "") throw new CommandSyntaxError("DELL takes only a line number");
    return { op, line: n };
  }
  if (!rest.startsWith(SEP)) throw new CommandSyntaxError(`${op} needs '${SEP}' after the line number`);
  const body = rest.slice(SEP.length);
  if (op === "ADDL" || op === "REPL") return { op, line: n, text: body };
  const cut = body.indexOf(SEP);
  if (cut < 0) throw new CommandSyntaxError(`REPW needs '${SEP}<old>${SEP}<new>'`);
  const old = body.slice(0, cut);
  if (old === "") throw new CommandSyntaxError("REPW needs a non-empty <old>");
  return { op, line: n, old, new: body.slice(cut + SEP.length) };
}

/** parseCommand that returns undefined instead of throwing. */
export function tryParseCommand(input: string): Command | undefined {
  try {
    return parseCommand(input);
  } catch {
    return undefined;
  }
}
