/**
 * The packaged extension: `scripts/package.mjs` (npm run package) builds and writes the .vsix, this
 * test lists it (what must be in, what must stay out, its size), unpacks it into a temp folder and
 * runs the language server from the UNPACKED copy, outside the checkout: a mutate repair through
 * the shipped sandbox worker, a model repair with the shipped default model (coe.model left empty),
 * which loads the shipped node-llama-cpp and its linux-x64 binary, and a syntax error while typing,
 * from the shipped tree-sitter .wasm files, and a training round ("Train on My Fixes" with its default
 * settings) whose replayed demos come from the shipped MBPP train/validation programs, with no
 * shared/ folder anywhere near. Real Python (/usr/bin/python3 with pytest and torch).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import type { PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { ROOT, startLspServer, type LspServer } from "../helpers/startLspServer.js";
import * as P from "../../server/src/protocol.js";

const PYTHON = process.env.COE_TEST_PYTHON ?? "/usr/bin/python3";
const tmp = mkdtempSync(join(tmpdir(), "coe-vsix-"));
const vsix = join(tmp, "coe.vsix");
const ext = join(tmp, "unpacked", "extension");
const ws = join(tmp, "ws");
const buggy = readFileSync(join(ROOT, "samples/buggy_stats.py"), "utf8");
let entries: string[] = [];

after(() => rmSync(tmp, { recursive: true, force: true }));

before(() => {
  // Packaging is offline: the build, vsce and node_modules are all local.
  execFileSync(process.execPath, ["scripts/package.mjs", "--out", vsix], {
    cwd: ROOT,
    stdio: "pipe",
    timeout: 180_000,
  });
  entries = execFileSync("unzip", ["-Z1", vsix], { encoding: "utf8", maxBuffer: 64 << 20 })
    .split("\n")
    .filter((l) => l !== "" && !l.endsWith("/"));
});

/** Package folders under `dir`'s node_modules reachable from `name`, as node would resolve them; throws on a missing one. */
function shippedClosure(name: string, from: string, seen = new Set<string>()): Set<string> {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) {
      if (seen.has(candidate)) return seen;
      seen.add(candidate);
      const manifest = JSON.parse(readFileSync(join(candidate, "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
      };
      for (const dep of Object.keys(manifest.dependencies ?? {})) shippedClosure(dep, candidate, seen);
      return seen;
    }
    if (dir === ext) throw new Error(`${name}, needed by ${from}, is not in the .vsix`);
  }
}

describe("the .vsix", { timeout: 300_000 }, () => {
  test("carries the manifest, the bundles, the worker, the webview, the trainer and the default model", (t) => {
    for (const path of [
      "extension.vsixmanifest",
      "extension/package.json",
      "extension/dist/extension.cjs",
      "extension/dist/server.cjs",
      "extension/dist/model.mjs",
      "extension/dist/python/coe_worker.py",
      "extension/dist/tree-sitter.wasm",
      "extension/dist/tree-sitter-python.wasm",
      "extension/media/review.js",
      "extension/trainer/coe_trainer/sft.py",
      "extension/models/coe-tiny.gguf",
      "extension/models/ranker.json",
      "extension/models/code-ngram.json",
      "extension/data/mbpp/mbpp-train-validation.jsonl",
      "extension/data/mbpp/README.md",
      "extension/node_modules/node-llama-cpp/package.json",
      "extension/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/llama-addon.node",
    ])
      assert.ok(entries.includes(path), `${path} is in the .vsix`);
    const manifest = execFileSync("unzip", ["-p", vsix, "extension.vsixmanifest"], { encoding: "utf8" });
    assert.match(manifest, /TargetPlatform="linux-x64"/, "the .vsix is marked as linux-x64 only");
    const size = statSync(vsix).size;
    t.diagnostic(`coe.vsix: ${(size / 1e6).toFixed(1)} MB, ${entries.length} files`);
    // The model (22 MB) and the CPU binaries (29 MB uncompressed) are most of it; a CUDA or Vulkan build is 80-360 MB.
    assert.ok(size < 80e6, `the .vsix is ${(size / 1e6).toFixed(1)} MB`);
  });

  test("carries no sources, tests, runs, caches or builds for other machines", () => {
    const forbidden: [RegExp, string][] = [
      [/^extension\/(server|extension)\/src\//, "TypeScript sources"],
      [/^extension\/(?!node_modules\/).*\.ts$/, "TypeScript sources"],
      [/^extension\/(test|runs|\.cache|bench|scripts|suites|samples|bin)\//, "development folders"],
      [/^extension\/(server\/python|trainer)\/tests\//, "Python tests"],
      [/^extension\/data\/mbpp\/(?!mbpp-train-validation\.jsonl$|README\.md$)/, "MBPP's test split"],
      [/(^|\/)__pycache__\/|\.pyc$/, "Python caches"],
      [/^extension\/dist\/.*\.(map|vsix)$|^extension\/dist\/cli\.js$/, "source maps, the CLI bundle, packages"],
      [/^extension\/(package-lock\.json|tsconfig\.json|eslint\.config\.js|\.vscodeignore)$/, "tooling files"],
      [/^extension\/node_modules\/@node-llama-cpp\/(?!linux-x64\/)/, "node-llama-cpp builds for other machines"],
      [
        /^extension\/node_modules\/node-llama-cpp\/(llama\/(llama\.cpp|addon)\/|llama\/gitRelease\.bundle)/,
        "llama.cpp sources",
      ],
      [
        /^extension\/node_modules\/(vscode-|diff\/|picocolors\/|esbuild|typescript|@vscode\/vsce)/,
        "bundled or dev packages",
      ],
    ];
    for (const [pattern, what] of forbidden) {
      const hits = entries.filter((e) => pattern.test(e));
      assert.deepEqual(hits.slice(0, 5), [], `no ${what} in the .vsix`);
    }
  });

  describe("unpacked, the language server runs from it", () => {
    let server: LspServer;
    const uri = pathToFileURL(join(ws, "buggy_stats.py")).href;
    const model = join(ext, "models", "coe-tiny.gguf");
    before(async () => {
      mkdirSync(ws, { recursive: true });
      execFileSync("unzip", ["-q", vsix, "-d", join(tmp, "unpacked")]);
      copyFileSync(join(ROOT, "samples/buggy_stats.py"), join(ws, "buggy_stats.py"));
      copyFileSync(join(ROOT, "samples/test_buggy_stats.py"), join(ws, "test_buggy_stats.py"));
      // Nothing may come from the checkout: no path overrides, and the server runs outside it.
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith("COE_") && k !== "NODE_PATH"),
      );
      server = await startLspServer({
        entry: "bundle",
        serverPath: join(ext, "dist", "server.cjs"),
        cwd: ws,
        env,
        rootUri: pathToFileURL(ws).href,
        init: {
          storageDir: join(tmp, "storage"),
          // No coe.model: the server finds the default model of its own package.
          settings: { python: PYTHON, mode: "mutate", rollouts: 1 },
        },
      });
    });
    after(async () => server?.stop());

    test("every dependency of the shipped node-llama-cpp is shipped", () => {
      const found = shippedClosure("node-llama-cpp", ext);
      assert.ok(found.size > 10, `${found.size} packages`);
      for (const dir of found) assert.ok(dir.startsWith(join(ext, "node_modules")), dir);
    });

    test("coe/repair in mode mutate solves samples/buggy_stats.py with the shipped worker", async () => {
      const r = await server.connection.sendRequest(P.RepairRequest, {
        uri,
        text: buggy,
        mode: "mutate",
      } satisfies P.RepairParams);
      assert.equal(r.trace.solved, true, server.log.join(""));
      assert.match(r.trace.finalCode, /if v > threshold:/);
      assert.deepEqual([r.initial.passed, r.initial.total], [2, 3]);
      const workers = readdirSync("/proc")
        .filter((d) => /^\d+$/.test(d))
        .map((d) => {
          try {
            return readFileSync(`/proc/${d}/cmdline`, "utf8");
          } catch {
            return "";
          }
        })
        .filter((cmd) => cmd.includes("coe_worker.py") && cmd.includes(tmp));
      assert.ok(workers.length > 0, "a sandbox worker runs from the unpacked dist/python");
    });

    test("coe/repair in mode ranked orders the search by the shipped ranker (models/ranker.json)", async () => {
      const messages: string[] = [];
      const listener = server.connection.onNotification(P.StepNotification, (p: P.StepParams) => {
        if (p.event.type === "message") messages.push(p.event.text);
      });
      try {
        const r = await server.connection.sendRequest(P.RepairRequest, {
          uri,
          text: buggy,
          mode: "ranked",
        } satisfies P.RepairParams);
        assert.equal(r.trace.solved, true, server.log.join(""));
        assert.ok(!messages.some((m) => m.includes("hand-set score")), messages.join("\n"));
      } finally {
        listener.dispose();
      }
    });

    test("coe/repair in mode model loads the shipped default model through the shipped node-llama-cpp", async () => {
      const r = await server.connection.sendRequest(P.RepairRequest, {
        uri,
        text: buggy,
        mode: "model",
        rollouts: 1,
      } satisfies P.RepairParams);
      assert.equal(r.mode, "model");
      assert.equal(r.model, "coe-tiny.gguf");
      assert.ok(r.trace.steps.length >= 1, "the model made at least one step");
      const info = await server.connection.sendRequest(P.ModelInfoRequest);
      assert.deepEqual([info.loaded, info.path], [true, model]);
      // The native addon the server process mapped is the one inside the unpacked .vsix.
      const maps = readFileSync(`/proc/${server.child.pid}/maps`, "utf8");
      const addon = join(ext, "node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/llama-addon.node");
      assert.ok(maps.includes(addon), `the server loaded ${addon}`);
      assert.ok(!maps.includes(join(ROOT, "node_modules")), "nothing was loaded from the checkout's node_modules");
    });

    test("Train on My Fixes with default settings trains from the shipped MBPP data, no shared/ anywhere", async () => {
      for (let dir = ext; dir !== dirname(dir); dir = dirname(dir))
        assert.ok(!existsSync(join(dir, "shared")), `no shared/ beside ${dir}`);
      const repaired = await server.connection.sendRequest(P.RepairRequest, {
        uri,
        text: buggy,
        mode: "mutate",
      } satisfies P.RepairParams);
      const accepted = await server.connection.sendRequest(P.AcceptRequest, {
        repairId: repaired.repairId,
      } satisfies P.AcceptParams);
      assert.equal(accepted.recorded, true, JSON.stringify(accepted));
      // Default variants (replayed synthetic demos from MBPP's train/validation programs); few steps.
      const result = await server.connection.sendRequest(P.TrainRequest, {
        kind: "sft",
        steps: 2,
        token: "vsix-train",
      } satisfies P.TrainParams);
      assert.ok(existsSync(result.out), `the trained model ${result.out} exists`);
      assert.ok(Number.isFinite(result.loss), `final loss ${result.loss}`);
    });

    test("a syntax error shows while typing, from the shipped tree-sitter .wasm files", async () => {
      const typed = pathToFileURL(join(ws, "typed.py")).href;
      await server.connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri: typed, languageId: "python", version: 1, text: "x = 1\n" },
      });
      await server.connection.sendNotification("textDocument/didChange", {
        textDocument: { uri: typed, version: 2 },
        contentChanges: [{ text: "x = 1\ny = (2\n" }],
      });
      const shown = await server.waitFor<PublishDiagnosticsParams>(
        "textDocument/publishDiagnostics",
        (p) => p.uri === typed && p.diagnostics.some((d) => d.code === P.SYNTAX_ERROR_CODE),
        10_000,
      );
      const d = shown.diagnostics.find((x) => x.code === P.SYNTAX_ERROR_CODE)!;
      assert.equal(d.range.start.line, 1, JSON.stringify(d));
      assert.ok(!server.log.join("").includes("tree-sitter is unavailable"), server.log.join(""));
    });
  });
});
