/**
 * `npm run bench`: speed and memory targets, measured as ratios within one run (the machine is shared
 * and noisy: compare, don't trust absolute times). Each part is also runnable alone, and
 * `npm run bench -- memory live` runs only the parts whose title contains one of the words.
 */
import { benchVerifier } from "./verifier.js";
import { benchModel } from "./model.js";

type Row = Record<string, number | string>;

const only = process.argv.slice(2);

async function part(name: string, fn: () => Promise<Row>): Promise<void> {
  if (only.length > 0 && !only.some((word) => name.includes(word))) return;
  process.stdout.write(`\n== ${name}\n`);
  try {
    const row = await fn();
    for (const [k, v] of Object.entries(row))
      process.stdout.write(`  ${k.padEnd(44)} ${typeof v === "number" ? +v.toFixed(3) : v}\n`);
  } catch (err) {
    process.stdout.write(`  FAILED: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

await part("verifier: warm forked worker vs fresh python3 per step", benchVerifier);
await part("model: KV reuse, grammar cost, CoE vs rewrite tokens", benchModel);
await part("RL rollouts: parallel sequences vs one at a time", async () =>
  (await import("./rollouts.js")).benchRollouts(),
);
await part("ranking: model scoring ms per state vs one test run (ranked search)", async () =>
  (await import("./ranking.js")).benchRanking(),
);
await part("model in the search: ranked with coe-tiny's samples (gated, every state) vs without a model", async () =>
  (await import("./modelInSearch.js")).benchModelInSearch(),
);
await part("grammar: REPW <old> on the line vs any text, coe-tiny's samples", async () =>
  (await import("./grammar.js")).benchGrammar(),
);
await part("probe: a generalisation check's ms vs one test run", async () => (await import("./probe.js")).benchProbe());
await part("memory: one context x N sequences vs N contexts", async () =>
  (await import("./contextMemory.js")).benchContextMemory(),
);
await part("memory: warm verifier pool, 200 verifications and a memory bomb", async () =>
  (await import("./verifierMemory.js")).benchVerifierMemory(),
);
await part("memory: language server idle, without and with the model", async () =>
  (await import("./serverMemory.js")).benchServerMemory(),
);
await part("live syntax: tree-sitter vs python compile()", async () =>
  (await import("./liveSyntax.js")).benchLiveSyntax(),
);
await part("lora: adapter decode cost and apply latency (quantized base)", async () =>
  (await import("./loraTrain.js")).benchAdapterDecode(),
);
// Opt-in (minutes of CPU per shape): `npm run bench -- lora` or `npm run bench -- lora-1.5b`.
if (only.some((w) => w.startsWith("lora")))
  await part("lora training: lora-0.5b / lora-1.5b shapes, rank 16, bf16 base", async () =>
    (await import("./loraTrain.js")).benchLoraTrain({
      shapes: only.includes("lora-1.5b") ? ["0.5b", "1.5b"] : ["0.5b"],
    }),
  );
