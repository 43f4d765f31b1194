/**
 * JSON Lines appends that survive a torn last line (core/dataset/appendLine): the lineage log of the
 * models "Train on My Fixes" trains, the ranker round's group cache and the round store's log never
 * glue a new line onto one an interrupted append left half-written. And a round store an interrupted
 * run left with a round folder without its round.json does not stop the lineage from being read.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appendLineSync } from "../../server/src/core/dataset/index.js";
import { readModelParents, recordModelParent } from "../../server/src/core/rounds/index.js";

const dir = (): string => mkdtempSync(join(tmpdir(), "coe-append-"));

describe("appendLineSync", () => {
  it("creates the file, and starts a new line after a torn one", () => {
    const file = join(dir(), "log.jsonl");
    appendLineSync(file, '{"a":1}');
    assert.equal(readFileSync(file, "utf8"), '{"a":1}\n');
    writeFileSync(file, '{"b":', { flag: "a" }); // an append interrupted half-way
    appendLineSync(file, '{"c":3}');
    assert.equal(readFileSync(file, "utf8"), '{"a":1}\n{"b":\n{"c":3}\n');
    appendLineSync(file, '{"d":4}');
    assert.equal(readFileSync(file, "utf8"), '{"a":1}\n{"b":\n{"c":3}\n{"d":4}\n', "no blank line after a whole one");
  });
});

describe("the model lineage records", () => {
  it("a model trained after a torn record keeps its parent", () => {
    const log = join(dir(), "models", "lineage.jsonl");
    recordModelParent(log, { model: "/m/a.gguf", parent: "/m/base.gguf", kind: "sft" });
    writeFileSync(log, '{"model": "/m/torn', { flag: "a" });
    recordModelParent(log, { model: "/m/b.gguf", parent: "/m/a.gguf", kind: "sft" });
    assert.deepEqual(readModelParents({ logs: [log] }), [
      { model: "/m/a.gguf", parent: "/m/base.gguf" },
      { model: "/m/b.gguf", parent: "/m/a.gguf" },
    ]);
  });

  it("a round folder without its round.json leaves the logs readable", () => {
    const roundsDir = join(dir(), "rounds");
    mkdirSync(join(roundsDir, "round-0001"), { recursive: true }); // create() interrupted before round.json
    const log = join(dir(), "lineage.jsonl");
    recordModelParent(log, { model: "/m/b.gguf", parent: "/m/a.gguf", kind: "sft" });
    assert.deepEqual(readModelParents({ roundsDir, logs: [log] }), [{ model: "/m/b.gguf", parent: "/m/a.gguf" }]);
  });
});
