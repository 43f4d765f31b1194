import { parseArgs } from "node:util";
import pc from "picocolors";
import type { CliCommand, CliContext } from "./CliCommand.js";
import { UsageError } from "./UsageError.js";
import { repairCommand } from "./repairCommand.js";
import { evalCommand } from "./evalCommand.js";
import { trainCommand } from "./trainCommand.js";
import { datasetCommand } from "./datasetCommand.js";
import { modelCommand } from "./modelCommand.js";
import { rankerCommand } from "./rankerCommand.js";

/** The command table: each row is registered in the loop below (rust-analyzer style). */
const COMMANDS: CliCommand[] = [repairCommand, evalCommand, trainCommand, datasetCommand, modelCommand, rankerCommand];

function help(): string {
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`).join("\n");
  const usages = COMMANDS.map((c) => `  ${c.usage}`).join("\n");
  return `coe: Chain-of-Edits repair of failing Python code with a small local model\n\nCommands:\n${rows}\n\nUsage:\n${usages}\n\nExit codes: 0 solved/ok, 1 not solved, 2 bad input.\n`;
}

function context(command: CliCommand, argv: string[], signal: AbortSignal): CliContext {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nusage: ${command.usage}`);
  }
  const values = parsed.values as CliContext["values"];
  const numArg = (name: string, min: number, max: number): number => {
    const raw = values[name];
    const n = Number(raw);
    if (typeof raw !== "string" || raw.trim() === "" || !Number.isFinite(n) || n < min || n > max)
      throw new UsageError(`--${name} must be a number in ${min}..${max} (got ${String(raw)})`);
    return n;
  };
  const intArg = (name: string, min: number, max: number): number => {
    const n = numArg(name, min, max);
    if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer (got ${String(values[name])})`);
    return n;
  };
  return { values, positionals: parsed.positionals, signal, intArg, numArg };
}

/** Runs the CLI; resolves to the exit code (0 ok/solved, 1 not solved, 2 bad input). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  const abort = new AbortController();
  const onSigint = (): void => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write(pc.yellow("\ncancelling (Ctrl-C again to quit now)\n"));
    abort.abort();
  };
  try {
    if (!command) throw new UsageError(`unknown command '${name}' (try coe --help)`);
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(`${command.summary}\nusage: ${command.usage}\n`);
      return 0;
    }
    process.on("SIGINT", onSigint);
    return await command.run(context(command, rest, abort.signal));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`coe: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`coe: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
