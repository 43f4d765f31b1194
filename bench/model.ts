/**
 * Model runtime benchmark (random-weight GGUF: fine for speed and token counts, not for quality).
 *  (a) prompt tokens evaluated per episode with KV reuse vs. re-evaluating the whole context each turn,
 *      as ratios to the final context length (target with reuse: <= 1.1);
 *  (b) the grammar's cost: generated tokens/s with vs. without the turn's GBNF (target: < 15% slower);
 *  (c) generated tokens per repair on the same 1-line bugs: the CoE fix command vs. rewriting the whole
 *      function (MBPP task_id >= 511, never the test split), counted with the model's tokenizer;
 *  (d) a LoRA adapter swap on the model in use (a promoted LoRA round): load time with the weights
 *      shared (sharedModel.ts) vs. a fresh load of the same GGUF under another name (target: well < 1).
 * Run alone: `node --import tsx bench/model.ts` (env BENCH_MODEL=path.gguf to use another model).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resources } from "../server/src/core/resources.js";
import { LlamaPolicy } from "../server/src/core/model/LlamaPolicy.js";
import type { LlamaSession } from "../server/src/core/model/LlamaSession.js";
import { tokenizeEpisode } from "../server/src/core/model/tokenizeEpisode.js";
import type { EpisodeContext, GenerateOptions } from "../server/src/core/model/Policy.js";
import { applyCommand, commandGrammar, parseCommand, printCommand } from "../server/src/core/dsl/index.js";
import { formatCommandTurn } from "../server/src/core/tool/formatEpisode.js";
import { renderState } from "../server/src/core/tool/renderState.js";
import type { Command, Verdict } from "../server/src/core/types.js";
import { makeTestAdapter } from "../test/helpers/makeTestAdapter.js";
import { makeTestModel } from "../test/helpers/makeTestModel.js";

type Row = Record<string, number | string>;
/** MBPP, all carried splits (data/mbpp/, or $COE_MBPP), found by core/resources.ts. */
const mbppText = (): string =>
  resources
    .mbppFiles(["test", "train-validation"])
    .map((f) => readFileSync(f, "utf8"))
    .join("");
const TURNS = 5;

interface MbppTask {
  task_id: number;
  text: string;
  code: string;
  test_list: string[];
}

function loadTasks(): MbppTask[] {
  return (process.env.MBPP_JSONL ? readFileSync(process.env.MBPP_JSONL, "utf8") : mbppText())
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as MbppTask)
    .filter((t) => t.task_id >= 511); // validation + train splits only
}

const failing: Verdict = {
  kind: "ok",
  passed: 1,
  total: 3,
  ms: 1,
  tests: [
    { name: "f(1, 2) == 3", status: "fail", got: "-1" },
    { name: "f(0, 5) == 5", status: "fail", got: "-5" },
  ],
};

/** (a) One episode of TURNS turns on an MBPP function; returns token counts with and without reuse. */
async function episodeTokens(policy: LlamaPolicy, task: MbppTask): Promise<Row> {
  let lines = task.code.replace(/\r/g, "").split("\n");
  const ctx: EpisodeContext & { states: string[]; commands: string[] } = {
    header: { description: task.text, tests: task.test_list.join("\n") },
    states: [renderState(lines, failing)],
    commands: [],
  };
  const [session] = (await policy.openSessions(1)) as LlamaSession[];
  let withoutReuse = 0;
  const t0 = performance.now();
  for (let turn = 0; turn < TURNS; turn++) {
    withoutReuse += tokenizeEpisode(ctx, policy.tokenizeOptions).ids.length;
    const g = await session!.next(ctx, {
      grammar: commandGrammar({ lineCount: lines.length, maxTextChars: 60 }),
      seed: turn,
      maxTokens: 128,
    });
    const cmd = parseCommand(g.text);
    if (cmd.op !== "EXIT") lines = applyCommand(lines, cmd).lines;
    ctx.commands.push(g.text);
    ctx.states.push(renderState(lines, failing));
  }
  const msReuse = performance.now() - t0;
  const final = tokenizeEpisode(ctx, policy.tokenizeOptions).ids.length;
  await session!.prefill(ctx);
  const reused = session!.stats.promptTokensEvaluated;
  session!.dispose();
  return { final, reused, withoutReuse, msReuse };
}

/**
 * (b) Generated tokens per CPU-second of this process (llama.cpp runs on 1 thread inside it) over
 * `runs` generations from a cached context (1 prompt token each). CPU time, not wall time: on a
 * shared machine wall time mostly measures the neighbours.
 */
async function tokensPerCpuSecond(
  session: LlamaSession,
  ctx: EpisodeContext,
  options: GenerateOptions,
  runs: number,
): Promise<number> {
  let tokens = 0;
  const c0 = process.cpuUsage();
  for (let i = 0; i < runs; i++)
    tokens += (await session.next(ctx, { ...options, seed: i, temperature: 0.8, maxTokens: 48 })).tokens;
  const c = process.cpuUsage(c0);
  return tokens / ((c.user + c.system) / 1e6);
}

/** (c) A deterministic 1-line bug of the kind CoE repairs: one operator or constant changed. */
const MUTATIONS: [RegExp, (m: string) => string][] = [
  [/ \+ /, () => " - "],
  [/ - /, () => " + "],
  [/ \* /, () => " + "],
  [/ <= /, () => " < "],
  [/ >= /, () => " > "],
  [/ < /, () => " <= "],
  [/ > /, () => " >= "],
  [/ == /, () => " != "],
  [/ != /, () => " == "],
  [/\bTrue\b/, () => "False"],
  [/\bFalse\b/, () => "True"],
  [/\bmax\(/, () => "min("],
  [/\bmin\(/, () => "max("],
  [/\b\d+\b/, (m) => String(Number(m) + 1)],
];

interface Bug {
  lines: string[];
  fixed: string[];
  line: number;
  bad: string;
  good: string;
}

function makeBug(task: MbppTask): Bug | undefined {
  const fixed = task.code
    .replace(/\r/g, "")
    .replace(/\t/g, "    ")
    .split("\n")
    .map((l) => l.replace(/\s+$/, ""));
  const candidates: { line: number; re: RegExp; to: (m: string) => string }[] = [];
  fixed.forEach((text, i) => {
    if (/^\s*(#|def |import |from )/.test(text)) return;
    for (const [re, to] of MUTATIONS) if (re.test(text)) candidates.push({ line: i, re, to });
  });
  if (candidates.length === 0) return undefined;
  const c = candidates[(task.task_id * 2654435761) % candidates.length]!;
  const m = c.re.exec(fixed[c.line]!)!;
  const bad = c.to(m[0]);
  const lines = fixed.slice();
  lines[c.line] = fixed[c.line]!.slice(0, m.index) + bad + fixed[c.line]!.slice(m.index + m[0].length);
  return { lines, fixed, line: c.line + 1, bad, good: m[0] };
}

/** The shortest command that fixes the bug: REPW when <old> is unique on the line and '>'-free, else REPL. */
function fixCommands(bug: Bug): { repl: Command; best: Command } {
  const repl: Command = { op: "REPL", line: bug.line, text: bug.fixed[bug.line - 1]! };
  const buggyLine = bug.lines[bug.line - 1]!;
  const bad = bug.bad.trim() || bug.bad;
  const good = bug.good.trim() || bug.good;
  const unique = buggyLine.split(bad).length === 2 && !bad.includes(">") && bad !== "";
  const repw: Command = { op: "REPW", line: bug.line, old: bad, new: good };
  const ok = unique && applyCommand(bug.lines, repw).lines.join("\n") === bug.fixed.join("\n");
  return { repl, best: ok ? repw : repl };
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

export async function benchModel(): Promise<Row> {
  const modelPath =
    process.env.BENCH_MODEL ?? (await makeTestModel({ dim: 256, layers: 4, heads: 4, ffn: 768, ctx: 4096, seed: 3 }));
  const t0 = performance.now();
  const policy = await LlamaPolicy.load({ modelPath, threads: 1 });
  const row: Row = {
    model: `${policy.name} (${(policy.model.size / 1e6).toFixed(1)} MB, ${policy.style})`,
    "load ms": performance.now() - t0,
  };
  try {
    const tasks = loadTasks();
    // (a) KV reuse over a few episodes.
    const eps = [];
    for (const task of tasks.slice(0, 5)) eps.push(await episodeTokens(policy, task));
    const final = eps.reduce((a, e) => a + (e.final as number), 0);
    row[`(a) turns per episode`] = TURNS;
    row["(a) final context tokens (mean)"] = final / eps.length;
    row["(a) prompt tokens evaluated / final, KV reuse"] = eps.reduce((a, e) => a + (e.reused as number), 0) / final;
    row["(a) prompt tokens evaluated / final, no reuse"] =
      eps.reduce((a, e) => a + (e.withoutReuse as number), 0) / final;
    row["(a) episode ms with reuse (mean)"] = mean(eps.map((e) => e.msReuse as number));

    // (b) Grammar cost, generation only (context cached, 1 prompt token per call), interleaved to share noise.
    const task = tasks[0]!;
    const lines = task.code.replace(/\r/g, "").split("\n");
    const ctx: EpisodeContext = {
      header: { tests: task.test_list.join("\n") },
      states: [renderState(lines, failing)],
      commands: [],
    };
    const grammar = commandGrammar({ lineCount: lines.length });
    const [s] = (await policy.openSessions(1)) as LlamaSession[];
    await s!.next(ctx, { grammar, maxTokens: 4 }); // warm: context evaluated, grammar compiled
    // Interleaved rounds, median per mode: the machine is shared and noisy.
    const modes: Record<string, GenerateOptions> = {
      "no grammar": { logprob: false },
      "grammar, no logprob": { grammar, logprob: false },
      "grammar + logprob (default)": { grammar },
    };
    const tps: Record<string, number[]> = {};
    for (let round = 0; round < 7; round++)
      for (const [name, opts] of Object.entries(modes))
        (tps[name] ??= []).push(await tokensPerCpuSecond(s!, ctx, opts, 6));
    s!.dispose();
    const base = median(tps["no grammar"]!);
    for (const name of Object.keys(modes)) row[`(b) tokens per CPU-s, ${name}`] = median(tps[name]!);
    row["(b) grammar overhead %, no logprob"] = (100 * (base - median(tps["grammar, no logprob"]!))) / base;
    row["(b) grammar overhead %, with logprob"] = (100 * (base - median(tps["grammar + logprob (default)"]!))) / base;
    const tg = performance.now();
    await policy.grammar(commandGrammar({ lineCount: 97 }));
    row["(b) grammar compile ms (new text, then cached)"] = performance.now() - tg;

    // (c) Tokens the model must generate per repair.
    const count = (text: string) => policy.model.tokenize(text, false, "trimLeadingSpace").length;
    const coe: number[] = [],
      repl: number[] = [],
      whole: number[] = [];
    let repw = 0;
    for (const t of tasks) {
      const bug = makeBug(t);
      if (!bug) continue;
      const fix = fixCommands(bug);
      if (fix.best.op === "REPW") repw++;
      coe.push(count(formatCommandTurn(printCommand(fix.best))) + count(formatCommandTurn("EXIT")));
      repl.push(count(formatCommandTurn(printCommand(fix.repl))));
      whole.push(count(bug.fixed.join("\n") + "\n"));
    }
    row["(c) 1-line bugs (MBPP task_id >= 511)"] = coe.length;
    row["(c) fixes that are REPW (rest REPL)"] = repw;
    row["(c) tokens, CoE fix + EXIT (mean / median)"] = `${mean(coe).toFixed(1)} / ${median(coe)}`;
    row["(c) tokens, REPL of the line (mean)"] = mean(repl);
    row["(c) tokens, whole fixed function (mean / median)"] = `${mean(whole).toFixed(1)} / ${median(whole)}`;
    row["(c) rewrite / CoE token ratio (of means)"] = mean(whole) / mean(coe);

    // (d) Adapter swap, interleaved: the same base and adapter, weights shared vs. read afresh.
    const dir = mkdtempSync(join(tmpdir(), "coe-bench-swap-"));
    try {
      const adapter = await makeTestAdapter({ base: modelPath, out: join(dir, "adapter.gguf"), scale: 0.1 });
      const copy = join(dir, "copy.gguf");
      copyFileSync(modelPath, copy);
      const swapMs = async (path: string): Promise<number> => {
        const t = performance.now();
        const p = await LlamaPolicy.load({ modelPath: path, threads: 1, loraAdapters: [{ filePath: adapter }] });
        const ms = performance.now() - t;
        await p.dispose();
        return ms;
      };
      const shared: number[] = [];
      const fresh: number[] = [];
      for (let i = 0; i < 5; i++) {
        shared.push(await swapMs(modelPath));
        fresh.push(await swapMs(copy));
      }
      row["(d) adapter swap ms, shared weights (median)"] = median(shared);
      row["(d) adapter swap ms, fresh load (median)"] = median(fresh);
      row["(d) adapter swap, shared / fresh"] = median(shared) / median(fresh);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await policy.dispose();
  }
  return row;
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const row = await benchModel();
  for (const [k, v] of Object.entries(row)) console.log(`${k.padEnd(48)} ${typeof v === "number" ? +v.toFixed(3) : v}`);
}
