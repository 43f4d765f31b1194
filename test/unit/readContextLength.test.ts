/** readContextLength: the training context an --init GGUF was made with, from its metadata. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { readContextLength } from "../../server/src/core/model/readContextLength.js";
import { makeTestModel } from "../helpers/makeTestModel.js";

void describe("readContextLength", { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "coe-ctx-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  void it("reads <arch>.context_length of a GGUF (not the default 2048)", async () => {
    const small = await makeTestModel({ dim: 32, layers: 1, heads: 2, ffn: 64, ctx: 512 });
    assert.equal(await readContextLength(small), 512);
    const large = await makeTestModel({ dim: 32, layers: 1, heads: 2, ffn: 64, ctx: 4096 });
    assert.equal(await readContextLength(large), 4096);
  });

  void it("names the file when it is missing or not a GGUF", async () => {
    await assert.rejects(readContextLength(join(dir, "missing.gguf")), /model file not found: .*missing\.gguf/);
    const bad = join(dir, "bad.gguf");
    writeFileSync(bad, "not a model at all");
    await assert.rejects(readContextLength(bad), /not a GGUF model file .*bad\.gguf/);
  });
});
