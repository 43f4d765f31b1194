// Asks llama.cpp (through node-llama-cpp) what the trainer's Python side must reproduce.
// Usage: node trainer/tests/llama_probe.mjs <request.json>  ->  JSON on stdout
// request: {"model": path, "tokenize": [strings], "probs": [[ids...], ...], "top": k}
//   tokenize -> "tokens": ids per string (model.tokenize, no special-token parsing, as the runtime uses it)
//   probs    -> "probs": per sequence, per position, the top-k [id, probability] of the next token
import { readFileSync } from "node:fs";
import { getLlama } from "node-llama-cpp";

const req = JSON.parse(readFileSync(process.argv[2], "utf8"));
const llama = await getLlama({ gpu: false, logLevel: "error" });
const model = await llama.loadModel({ modelPath: req.model });
const out = { tokens: [], probs: [] };
for (const s of req.tokenize ?? []) out.tokens.push(Array.from(model.tokenize(s)));
const top = req.top ?? 20;
for (const ids of req.probs ?? []) {
  const context = await model.createContext({ contextSize: Math.max(256, ids.length + 16), threads: 1 });
  const seq = context.getSequence();
  const input = ids.map((t) => [t, { generateNext: { probabilities: true } }]);
  const res = await seq.controlledEvaluate(input);
  out.probs.push(res.map((r) => Array.from(r?.next?.probabilities ?? new Map()).slice(0, top)));
  await context.dispose();
}
await model.dispose();
await llama.dispose();
process.stdout.write(JSON.stringify(out));
