// llama.cpp's next-token probabilities (through node-llama-cpp) with optional LoRA adapters applied.
// Usage: node trainer/tests/lora_probe.mjs <request.json>  ->  JSON on stdout
// request: {"model": path, "lora": [{"filePath": path, "scale": 1}], "probs": [[ids...], ...], "top": k}
//   probs -> "probs": per sequence, per position, the top-k [id, probability] of the next token
import { readFileSync } from "node:fs";
import { getLlama } from "node-llama-cpp";

const req = JSON.parse(readFileSync(process.argv[2], "utf8"));
const llama = await getLlama({ gpu: false, logLevel: "error" });
const model = await llama.loadModel({ modelPath: req.model });
const out = { probs: [] };
const top = req.top ?? 20;
const lora = req.lora?.length ? { adapters: req.lora } : undefined;
for (const ids of req.probs ?? []) {
  const context = await model.createContext({ contextSize: Math.max(256, ids.length + 16), threads: 1, lora });
  const seq = context.getSequence();
  const input = ids.map((t) => [t, { generateNext: { probabilities: true } }]);
  const res = await seq.controlledEvaluate(input);
  out.probs.push(res.map((r) => Array.from(r?.next?.probabilities ?? new Map()).slice(0, top)));
  await context.dispose();
}
await model.dispose();
await llama.dispose();
process.stdout.write(JSON.stringify(out));
