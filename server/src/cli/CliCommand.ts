import type { ParseArgsConfig } from "node:util";

export interface CliContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  signal: AbortSignal;
  /** Reads an integer option, with a UsageError naming the option when it is not one in [min, max]. */
  intArg(name: string, min: number, max: number): number;
  /** Reads a number option (fractions allowed). */
  numArg(name: string, min: number, max: number): number;
}

/** One row of the CLI's command table (registered in a loop by main.ts). */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  /** Resolves to the process exit code. */
  run(context: CliContext): Promise<number>;
}
