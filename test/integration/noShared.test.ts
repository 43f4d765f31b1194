/**
 * The product needs nothing outside its own repository at run time (#11): no ../shared folder, no
 * absolute path. A copy of the repository's tracked files (node_modules linked in), with no shared/
 * beside it and COE_MBPP unset, builds the mbpp-repair benchmark from data/mbpp/ and evaluates on it.
 * (The .vsix side, a training round from the unpacked package, is in vsix.test.ts.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

/** Every file of the product's sources that could name a path outside the package. */
function productSources(dir = join(ROOT, "server", "src")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? productSources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

test("no product source names ../shared or an absolute data path", () => {
  for (const file of productSources()) {
    const text = readFileSync(file, "utf8");
    assert.doesNotMatch(text, /["'`]\/work\/|shared["'`]?,\s*["'`]data|\.\.\/shared|shared\/data/, file);
  }
});

test(
  "coe eval --suite mbpp-repair --limit 2 runs from a copy of the repository without shared/",
  { timeout: 600_000 },
  () => {
    const tmp = mkdtempSync(join(tmpdir(), "coe-noshared-"));
    try {
      const copy = join(tmp, "repo");
      const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: ROOT, encoding: "utf8" }).split("\0");
      for (const f of tracked.filter((f) => f && existsSync(join(ROOT, f)))) {
        mkdirSync(dirname(join(copy, f)), { recursive: true });
        copyFileSync(join(ROOT, f), join(copy, f));
      }
      symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"));
      for (let dir = copy; dir !== dirname(dir); dir = dirname(dir))
        assert.ok(!existsSync(join(dir, "shared")), `no shared/ beside ${dir}`);
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("COE_")));
      const out = join(tmp, "eval.json");
      const r = spawnSync(
        process.execPath,
        [
          join(copy, "bin", "coe.js"),
          "eval",
          "--suite",
          "mbpp-repair",
          "--limit",
          "2",
          "--mode",
          "mutate",
          "--budget",
          "20",
          "--json",
          out,
        ],
        { cwd: tmp, encoding: "utf8", env: { ...env, NO_COLOR: "1" }, timeout: 540_000 },
      );
      assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
      assert.match(r.stderr, /building the mbpp-repair suite from MBPP/);
      const report = JSON.parse(readFileSync(out, "utf8")) as { results: Array<{ id: string }> };
      assert.equal(report.results.length, 2);
      for (const t of report.results) assert.match(t.id, /^mbpp-repair-(\d+)/);
      assert.ok(existsSync(join(copy, ".cache")), "the suite was built and cached inside the copy");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
);
