// Asks llama.cpp (through node-llama-cpp) what the trainer's Python side must reproduce.
// Usage: node trainer/tests/llama_probe.mjs <request.json>  ->  JSON on stdout
// request: {"model": path, "tokenize": [strings], "probs": [[ids...], ...], "top": k, "dense": bool}
//   tokenize -> "tokens": ids per string (model.tokenize, no special-token parsing, as the runtime uses it)
//   probs    -> "probs": per sequence, per position, the top-k [id, probability] of the next token;
//               with "dense": true and "vocab": n instead "dense": per sequence, base64 of a little-endian
//               float32 [positions x n] array of every token's probability (softmax of llama.cpp's logits)
// or {"runs": [request, ...]} -> {"runs": [result, ...]}: many models in one process (one llama.cpp load).
import { readFileSync } from "node:fs";
import { getLlama } from "node-llama-cpp";

async function probe(llama, req) {
  const model = await llama.loadModel({ modelPath: req.model });
  const out = { tokens: [], probs: [], dense: [] };
  for (const s of req.tokenize ?? []) out.tokens.push(Array.from(model.tokenize(s)));
  const top = req.top ?? 20;
  for (const ids of req.probs ?? []) {
    const context = await model.createContext({ contextSize: Math.max(256, ids.length + 16), threads: 1 });
    const seq = context.getSequence();
    const input = ids.map((t) => [t, { generateNext: { probabilities: true } }]);
    const res = await seq.controlledEvaluate(input);
    if (req.dense) {
      const n = req.vocab;
      const arr = new Float32Array(ids.length * n);
      res.forEach((r, t) => {
        for (const [id, p] of r?.next?.probabilities ?? new Map()) arr[t * n + id] = p;
      });
      out.dense.push(Buffer.from(arr.buffer).toString("base64"));
    } else {
      out.probs.push(res.map((r) => Array.from(r?.next?.probabilities ?? new Map()).slice(0, top)));
    }
    await context.dispose();
  }
  await model.dispose();
  return out;
}

const req = JSON.parse(readFileSync(process.argv[2], "utf8"));
const llama = await getLlama({ gpu: false, logLevel: "error" });
const result = req.runs ? { runs: [] } : await probe(llama, req);
for (const r of req.runs ?? []) result.runs.push(await probe(llama, r));
await llama.dispose();
process.stdout.write(JSON.stringify(result));
