import type { Command } from "../types.js";

/** Prints a command in its one canonical text form (no trailing newline); parseCommand inverts it. */
export function printCommand(cmd: Command): string {
  switch (cmd.op) {
    case "EXIT":
      return "EXIT";
    case "DELL":
      return `DELL ${cmd.line}`;
    case "ADDL":
    case "REPL":
      return `${cmd.op} ${cmd.line} >>>${cmd.text}`;
    case "REPW":
      return `REPW ${cmd.line} >>>${cmd.old} >>>${cmd.new}`;
  }
}
