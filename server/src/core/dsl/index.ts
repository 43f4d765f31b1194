export { parseCommand, tryParseCommand, CommandSyntaxError } from "./parseCommand.js";
export { printCommand } from "./printCommand.js";
export { applyCommand, splitLines, joinLines, type ApplyResult } from "./applyCommand.js";
export { commandGrammar, type CommandGrammarOptions, type LineRange } from "./commandGrammar.js";
