/**
 * Small random-weight llama GGUFs for tests and benchmarks, made by the trainer's own writer
 * (`python3 -m coe_trainer.make_model`, numpy only) and cached under .cache/test-models/, keyed by
 * the options and by the trainer sources that shape the file (a changed writer makes new models).
 * Random weights emit gibberish, but tokenization, KV reuse, grammars, speed and token counts are real.
 */
import { createHash } from "node:crypto";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const TRAINER = join(ROOT, "trainer");
const CACHE = join(ROOT, ".cache", "test-models");
const PYTHON = process.env.COE_TEST_PYTHON ?? "/usr/bin/python3";

/** ChatML, as Qwen and many instruct models ship it (tokenizer.chat_template). */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export interface TestModelOptions {
  /** make_model's --tokenizer (default "bpe": the trainer's byte-level BPE, 4096 tokens). */
  tokenizer?: string;
  dim?: number;
  layers?: number;
  heads?: number;
  ffn?: number;
  /** Training context written in the GGUF (default 2048). */
  ctx?: number;
  seed?: number;
  /** Init std of the weights (make_model --std; larger gives peakier, less uniform outputs). */
  std?: number;
  type?: "f32" | "f16" | "q8_0";
  /** Adds tokenizer.chat_template (e.g. CHATML_TEMPLATE) so style "auto" picks "chat". */
  chatTemplate?: string;
}

/** Hash of the trainer files that decide the bytes of a made model. */
function trainerFingerprint(): string {
  const h = createHash("sha256");
  for (const f of ["make_model.py", "gguf.py", "quants.py", "config.py", "tokenizer.py", "data/bpe-4096.json"]) {
    const p = join(TRAINER, "coe_trainer", f);
    h.update(f).update(existsSync(p) ? readFileSync(p) : "");
  }
  return h.digest("hex").slice(0, 12);
}

const PATCH_TEMPLATE = `
import sys
from coe_trainer.gguf import read_gguf, write_gguf_file
path, template = sys.argv[1], sys.stdin.read()
g = read_gguf(path)
g.metadata["tokenizer.chat_template"] = template
write_gguf_file(path, g)
`;

/** Path of a cached random GGUF for these options, making it first when needed. */
export async function makeTestModel(options: TestModelOptions = {}): Promise<string> {
  const key = createHash("sha256")
    .update(JSON.stringify({ ...options, v: trainerFingerprint() }))
    .digest("hex")
    .slice(0, 16);
  const out = join(CACHE, `random-${key}.gguf`);
  if (existsSync(out)) return out;
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp.gguf`;
  const args = ["-m", "coe_trainer.make_model", "--out", tmp, "--tokenizer", options.tokenizer ?? "bpe"];
  for (const k of ["dim", "layers", "heads", "ffn", "ctx", "seed", "std"] as const) {
    const v = options[k];
    if (v !== undefined) args.push(`--${k}`, String(v));
  }
  if (options.type) args.push("--type", options.type);
  const env = { ...process.env, PYTHONPATH: TRAINER };
  try {
    await run(PYTHON, args, { cwd: TRAINER, env, timeout: 120_000 });
    if (options.chatTemplate !== undefined) {
      const child = run(PYTHON, ["-c", PATCH_TEMPLATE, tmp], { cwd: TRAINER, env, timeout: 120_000 });
      child.child.stdin?.end(options.chatTemplate);
      await child;
    }
    renameSync(tmp, out); // atomic: parallel test processes never see half a file
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new Error(`makeTestModel: ${PYTHON} -m coe_trainer.make_model failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return out;
}
