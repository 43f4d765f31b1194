/**
 * The GGUF header reader and the model list on hand-written GGUF headers (qwen2 and llama, a big
 * vocabulary array to skip, file types by name and by tensor types, an adapter), plus the model
 * config file: bad input is one clear error.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  describeModel,
  ModelRegistry,
  readModelConfig,
  updateModelConfig,
  activeChoice,
  parsePromptStyle,
} from "../../server/src/core/models/index.js";

type Kv = [string, "u32" | "str" | "strs" | "f32", unknown];

/** A GGUF v3 header: key/values and tensor descriptors (no tensor data: the reader never reads it). */
function gguf(kvs: Kv[], tensors: { name: string; dims: number[]; type: number }[]): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    parts.push(b);
  };
  const u64 = (n: number) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(n));
    parts.push(b);
  };
  const str = (s: string) => {
    u64(Buffer.byteLength(s));
    parts.push(Buffer.from(s));
  };
  parts.push(Buffer.from("GGUF"));
  u32(3);
  u64(tensors.length);
  u64(kvs.length);
  for (const [key, kind, value] of kvs) {
    str(key);
    if (kind === "u32") {
      u32(4);
      u32(value as number);
    } else if (kind === "f32") {
      u32(6);
      const b = Buffer.alloc(4);
      b.writeFloatLE(value as number);
      parts.push(b);
    } else if (kind === "str") {
      u32(8);
      str(value as string);
    } else {
      u32(9);
      u32(8);
      u64((value as string[]).length);
      for (const s of value as string[]) str(s);
    }
  }
  for (const t of tensors) {
    str(t.name);
    u32(t.dims.length);
    for (const d of t.dims) u64(d);
    u32(t.type);
    u64(0);
  }
  return Buffer.concat(parts);
}

const dir = mkdtempSync(join(tmpdir(), "coe-models-unit-"));
const vocab = Array.from({ length: 151_000 }, (_, i) => `tok${i}`);
const qwen = join(dir, "qwen.gguf");
writeFileSync(
  qwen,
  gguf(
    [
      ["general.architecture", "str", "qwen2"],
      ["general.name", "str", "Qwen2.5 Coder 1.5B Instruct"],
      ["general.file_type", "u32", 15],
      ["qwen2.context_length", "u32", 32768],
      ["tokenizer.ggml.tokens", "strs", vocab],
      ["tokenizer.chat_template", "str", "{% for m in messages %}{{ m.content }}{% endfor %}"],
    ],
    [
      { name: "token_embd.weight", dims: [1536, 151936], type: 12 },
      { name: "blk.0.attn_q.bias", dims: [1536], type: 0 },
    ],
  ),
);
const llama = join(dir, "llama-mixed.gguf");
writeFileSync(
  llama,
  gguf(
    [
      ["general.architecture", "str", "llama"],
      ["llama.context_length", "u32", 2048],
    ],
    [
      { name: "a", dims: [64, 64], type: 8 },
      { name: "b", dims: [64], type: 0 },
    ],
  ),
);
const adapter = join(dir, "adapter.gguf");
writeFileSync(
  adapter,
  gguf(
    [
      ["general.architecture", "str", "llama"],
      ["general.type", "str", "adapter"],
      ["adapter.lora.alpha", "f32", 16],
    ],
    [{ name: "blk.0.attn_q.weight.lora_a", dims: [64, 4], type: 0 }],
  ),
);

describe("describeModel", () => {
  test("qwen2 Q4_K_M with a chat template; the 151k-token vocabulary is skipped", async () => {
    const d = await describeModel(qwen);
    assert.deepEqual(
      [d.architecture, d.quantization, d.contextLength, d.chatTemplate, d.adapter, d.modelName],
      ["qwen2", "Q4_K_M", 32768, true, false, "Qwen2.5 Coder 1.5B Instruct"],
    );
    assert.equal(d.parameters, 1536 * 151936 + 1536);
  });
  test("no general.file_type: the type of most elements; an adapter is marked", async () => {
    assert.equal((await describeModel(llama)).quantization, "mostly Q8_0");
    const a = await describeModel(adapter);
    assert.deepEqual([a.adapter, a.contextLength], [true, 0]);
  });
  test("not a GGUF, or a truncated header: an error naming the file", async () => {
    writeFileSync(join(dir, "x.bin"), "hello world, this is not a model file");
    await assert.rejects(describeModel(join(dir, "x.bin")), /not a GGUF file \(bad magic\): .*x\.bin/);
    writeFileSync(join(dir, "cut.gguf"), gguf([["general.architecture", "str", "llama"]], []).subarray(0, 30));
    await assert.rejects(describeModel(join(dir, "cut.gguf")), /corrupt GGUF header in .*cut\.gguf: unexpected end/);
  });
});

describe("ModelRegistry and the config file", () => {
  const paths = { modelsDir: dir, roundsDir: join(dir, "rounds"), configPath: join(dir, "config.json") };
  const registry = new ModelRegistry({ paths });
  test("resolve: names, paths, none; an unknown name and a bare adapter are clear errors", async () => {
    assert.deepEqual(await registry.resolve("qwen"), { model: qwen, name: "qwen" });
    assert.equal((await registry.resolve(llama)).model, llama);
    assert.equal((await registry.resolve("none")).model, "none");
    await assert.rejects(registry.resolve("gpt-5"), /unknown model 'gpt-5': not a name in the model list \(/);
    await assert.rejects(registry.resolve("adapter"), /LoRA adapter: it needs its base model/);
  });
  test("the choice round-trips; a broken file or a bad style is one clear error", () => {
    updateModelConfig(paths.configPath, { choice: { model: qwen, name: "qwen" }, promptStyle: "chat" });
    const a = activeChoice({ paths, bundled: "/bundled.gguf" });
    assert.deepEqual([a.from, a.choice.model, a.promptStyle], ["config", qwen, "chat"]);
    assert.equal(activeChoice({ explicit: llama, paths, bundled: "/b" }).from, "flag");
    writeFileSync(paths.configPath, "{ nope");
    assert.throws(() => readModelConfig(paths.configPath), /config\.json is not valid JSON .*fix or delete it/);
    assert.throws(() => parsePromptStyle("fancy"), /must be auto, chat or coe/);
    assert.deepEqual(readModelConfig(join(dir, "missing.json")), {});
  });
});
