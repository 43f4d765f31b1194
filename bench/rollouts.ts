/**
 * RL rollout throughput: episodes per minute with N rollouts as parallel sequences of one context
 * (what `coe train rl` does) vs. the same N episodes run one at a time. Random-weight GGUF; the
 * verifier is the real one. Run alone: `node --import tsx bench/rollouts.ts`.
 */
import { repair } from "../server/src/core/loop/index.js";
import { LlamaPolicy } from "../server/src/core/model/LlamaPolicy.js";
import { PythonVerifier } from "../server/src/core/python/PythonVerifier.js";
import { makeTestModel } from "../test/helpers/makeTestModel.js";

const TASKS = [
  { code: "def area(w, h):\n    return w + h\n", tests: ["assert area(2, 3) == 6", "assert area(4, 5) == 20"] },
  { code: "def is_even(n):\n    return n % 2 == 1\n", tests: ["assert is_even(2)", "assert not is_even(3)"] },
];

export async function benchRollouts(): Promise<Record<string, number | string>> {
  const group = 8;
  const maxTurns = 4;
  const modelPath =
    process.env.BENCH_MODEL ?? (await makeTestModel({ dim: 256, layers: 4, heads: 4, ffn: 768, ctx: 4096, seed: 3 }));
  const verifier = new PythonVerifier({});
  const policy = await LlamaPolicy.load({ modelPath, style: "coe", sequences: group, contextSize: 2048 });
  const run = async (parallel: boolean): Promise<{ episodes: number; ms: number; cpuMs: number }> => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let episodes = 0;
    for (const [i, task] of TASKS.entries()) {
      const tests = { kind: "snippets" as const, snippets: task.tests };
      const common = { code: task.code, tests, policy, verifier, maxTurns, temperature: 1, stopWhenSolved: false };
      if (parallel) episodes += (await repair({ ...common, rollouts: group, seed: 100 * i })).traces.length;
      else
        for (let r = 0; r < group; r++)
          episodes += (await repair({ ...common, rollouts: 1, seed: 100 * i + r })).traces.length;
    }
    const cpu = process.cpuUsage(c0);
    return { episodes, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  try {
    await run(true); // warm-up
    const seq = await run(false);
    const par = await run(true);
    const perMin = (r: { episodes: number; ms: number }): number => (r.episodes / r.ms) * 60_000;
    return {
      "group size (rollouts per task)": group,
      "episodes/min, one at a time": perMin(seq),
      "episodes/min, parallel sequences": perMin(par),
      "speed-up (parallel / one at a time)": perMin(par) / perMin(seq),
      "node CPU-ms per episode, one at a time": seq.cpuMs / seq.episodes,
      "node CPU-ms per episode, parallel": par.cpuMs / par.episodes,
    };
  } finally {
    await policy.dispose();
    await verifier.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [k, v] of Object.entries(await benchRollouts()))
    console.log(`${k.padEnd(44)} ${typeof v === "number" ? +v.toFixed(3) : v}`);
}
