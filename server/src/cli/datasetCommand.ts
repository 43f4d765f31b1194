import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { homedir } from "node:os";
import pc from "picocolors";
import { DatasetStore } from "../core/dataset/index.js";
import { isSolved, type TestSource } from "../core/types.js";
import { openVerifier } from "./resources.js";
import { UsageError } from "./UsageError.js";
import type { CliCommand } from "./CliCommand.js";

/** The dataset folder: --dir, else $COE_DATASET, else ~/.coe/dataset (the extension passes its own). */
export function datasetDir(dir: unknown): string {
  return resolve(String(dir ?? process.env.COE_DATASET ?? join(homedir(), ".coe", "dataset")));
}

function readFileArg(path: unknown, what: string): string {
  if (typeof path !== "string") throw new UsageError(`--${what} is required`);
  if (!existsSync(path)) throw new UsageError(`no such file: ${path}`);
  return readFileSync(path, "utf8");
}

export const datasetCommand: CliCommand = {
  name: "dataset",
  summary: "the local dataset of repairs: add a fix you made by hand, list, export for SFT",
  usage:
    "coe dataset add --before OLD.py --after NEW.py [--tests TEST.py] [--dir DIR]\n" +
    "  coe dataset list [--dir DIR]\n  coe dataset export --out SFT.jsonl [--dir DIR]",
  options: {
    dir: { type: "string" },
    before: { type: "string" },
    after: { type: "string" },
    tests: { type: "string" },
    out: { type: "string" },
    description: { type: "string" },
  },
  async run({ values, positionals, signal }) {
    const sub = positionals[0];
    const store = new DatasetStore({ dir: datasetDir(values.dir) });
    try {
      if (sub === "add") {
        const before = readFileArg(values.before, "before");
        const after = readFileArg(values.after, "after");
        const tests: TestSource = values.tests
          ? { kind: "pytest", file: basename(String(values.tests)), content: readFileArg(values.tests, "tests") }
          : { kind: "auto" };
        const verifier = await openVerifier();
        try {
          const v = await verifier.verify({ code: after, tests, fileName: basename(String(values.after)), signal });
          const rec = await store.append({
            source: "user-fix",
            file: basename(String(values.after)),
            before,
            after,
            tests,
            ...(values.description ? { description: String(values.description) } : {}),
            trace: null,
            model: "user",
            outcome: {
              solved: isSolved(v),
              passed: v.passed,
              total: v.total,
            },
          });
          process.stdout.write(
            `added ${rec.id} (${rec.outcome.passed}/${rec.outcome.total} tests pass after the fix) to ${store.path}\n`,
          );
        } finally {
          await verifier.dispose();
        }
        return 0;
      }
      if (sub === "list") {
        const { records, warnings } = await store.read({ signal });
        for (const w of warnings) process.stderr.write(pc.yellow(`line ${w.line} skipped: ${w.message}\n`));
        let ranks = 0;
        for (const r of records) {
          const rank = r.rank?.length ?? 0;
          ranks += rank;
          process.stdout.write(
            `${r.time}  ${r.source.padEnd(9)} ${r.outcome.solved ? pc.green("solved") : pc.red("failed")}  ${r.file}` +
              `${rank ? `  rank ${rank}` : ""}  ${pc.dim(r.id)}\n`,
          );
        }
        process.stdout.write(
          pc.dim(`${records.length} record(s)${ranks ? `, ${ranks} rank record(s)` : ""} in ${store.path}\n`),
        );
        return 0;
      }
      if (sub === "export") {
        if (!values.out) throw new UsageError("coe dataset export needs --out SFT.jsonl");
        const verifier = await openVerifier();
        try {
          const r = await store.exportSft({ out: resolve(String(values.out)), verifier, signal });
          for (const w of r.warnings) process.stderr.write(pc.yellow(`line ${w.line} skipped: ${w.message}\n`));
          for (const s of r.skipped) process.stderr.write(pc.dim(`skipped ${s.id}: ${s.reason}\n`));
          process.stdout.write(`wrote ${r.written} example(s) to ${r.path}\n`);
        } finally {
          await verifier.dispose();
        }
        return 0;
      }
      throw new UsageError("coe dataset needs add, list or export");
    } finally {
      await store.dispose();
    }
  },
};
