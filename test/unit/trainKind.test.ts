/**
 * trainKind: which training coe/train runs on the model in use. A GGUF with a chat template (a
 * pretrained instruct model) gets a LoRA round, the project's own coe model the full SFT; the request's
 * kind wins; bad kinds and a LoRA round without a model are one clear error.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { trainKind } from "../../server/src/lsp/trainLoraOnFixes.js";
import { CHATML_TEMPLATE, makeTestModel } from "../helpers/makeTestModel.js";
import { ROOT } from "../helpers/startLspServer.js";
import type { TrainParams } from "../../server/src/protocol.js";

const tiny = join(ROOT, "models/coe-tiny.gguf");

test("auto: sft for the coe model, lora for a chat-template model or a LoRA round in use", async () => {
  const chat = await makeTestModel({ dim: 64, layers: 2, heads: 4, ffn: 128, chatTemplate: CHATML_TEMPLATE });
  assert.equal(await trainKind({}, { model: tiny }), "sft");
  assert.equal(await trainKind({ kind: "auto" }, { model: chat }), "lora");
  assert.equal(await trainKind({ kind: "sft" }, { model: chat }), "sft", "the request's kind wins");
  assert.equal(await trainKind({ kind: "lora" }, { model: tiny }), "lora");
  assert.equal(await trainKind({}, { model: tiny, adapters: [{ filePath: "/x/adapter.gguf" }] }), "lora");
  assert.equal(await trainKind({}, { model: "" }), "sft", "no model: the SFT path explains it");
});

test("bad input: an unknown kind, and lora with no model, are one clear error", async () => {
  await assert.rejects(
    trainKind({ kind: "dpo" } as unknown as TrainParams, { model: tiny }),
    /unknown training kind dpo/,
  );
  await assert.rejects(trainKind({ kind: "lora" }, { model: "" }), /no model is selected/);
  await assert.rejects(trainKind({ kind: "lora" }, { model: "/no/such.gguf" }), /does not exist/);
});
