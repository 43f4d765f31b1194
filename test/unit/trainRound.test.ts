/**
 * The settings of an editor training round (coe/train): request fields over the test-only environment
 * overrides over the defaults, with range checks; and the engine keeping a hot-swapped model when the
 * client resends an unchanged coe.model.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ServerEngine } from "../../server/src/lsp/ServerEngine.js";
import { TRAIN_DEFAULTS, trainRound } from "../../server/src/lsp/TrainService.js";

describe("trainRound", () => {
  test("defaults: a short fine-tune with a replay and a low learning rate", () => {
    assert.deepEqual(trainRound({ kind: "sft" }, {}), { steps: 100, variants: 1, lr: 3e-4 });
    assert.deepEqual(trainRound({ kind: "sft" }, {}), TRAIN_DEFAULTS);
  });

  test("COE_TRAIN_STEPS / COE_TRAIN_VARIANTS override the defaults, request fields override both", () => {
    const env = { COE_TRAIN_STEPS: "2", COE_TRAIN_VARIANTS: "0" };
    assert.deepEqual(trainRound({ kind: "sft" }, env), { steps: 2, variants: 0, lr: 3e-4 });
    assert.deepEqual(trainRound({ kind: "sft", steps: 7, variants: 2, lr: 1e-3 }, env), {
      steps: 7,
      variants: 2,
      lr: 1e-3,
    });
  });

  test("out-of-range or non-numeric values are rejected with the field's name", () => {
    assert.throws(() => trainRound({ kind: "sft", steps: 0 }, {}), /steps must be an integer in \[1, /);
    assert.throws(() => trainRound({ kind: "sft", steps: 2.5 }, {}), /steps must be an integer/);
    assert.throws(() => trainRound({ kind: "sft", variants: -1 }, {}), /variants must be an integer in \[0, /);
    assert.throws(() => trainRound({ kind: "sft", lr: 0 }, {}), /lr must be a number/);
    assert.throws(() => trainRound({ kind: "sft" }, { COE_TRAIN_STEPS: "many" }), /steps must be an integer/);
  });
});

describe("ServerEngine.update and a hot-swapped model", () => {
  test("an unchanged coe.model from the client keeps the swapped model; a changed one wins", () => {
    const engine = new ServerEngine({ settings: { model: "/models/a.gguf" }, storageDir: "/tmp/coe-unit" });
    // What reloadModel does once the new file is loaded.
    engine.settings = { ...engine.settings, model: "/models/trained.gguf" };
    engine.update({ model: "/models/a.gguf", budget: 50 });
    assert.deepEqual([engine.modelPath(), engine.settings.budget], ["/models/trained.gguf", 50]);
    engine.update({ model: "/models/b.gguf" });
    assert.equal(engine.modelPath(), "/models/b.gguf");
  });
});
