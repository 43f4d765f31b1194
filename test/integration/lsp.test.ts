/**
 * The language server end to end, without VS Code: the server runs as a child process over stdio
 * (from source through tsx, and the bundle dist/server.cjs the extension ships) and this test is
 * its client. Real Python verifier (/usr/bin/python3 with pytest), real llama.cpp for "model" mode
 * with a random-weight test GGUF (it emits gibberish: the test checks the trace, not a fix).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { CancellationTokenSource } from "vscode-jsonrpc/node.js";
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from "vscode-languageserver-protocol";
import { makeTestModel } from "../helpers/makeTestModel.js";
import { ROOT, startLspServer, type LspServer } from "../helpers/startLspServer.js";
import * as P from "../../server/src/protocol.js";

const PYTHON = process.env.COE_TEST_PYTHON ?? "/usr/bin/python3";
const ws = mkdtempSync(join(tmpdir(), "coe-lsp-"));
const file = join(ws, "buggy_stats.py");
const uri = pathToFileURL(file).href;
const storageDir = join(ws, ".storage");
const buggy = readFileSync(join(ROOT, "samples/buggy_stats.py"), "utf8");
copyFileSync(join(ROOT, "samples/buggy_stats.py"), file);
copyFileSync(join(ROOT, "samples/test_buggy_stats.py"), join(ws, "test_buggy_stats.py"));
// A bug no mutation fixes (the test wants a magic number): the search runs until cancelled.
const hardFile = join(ws, "hard.py");
writeFileSync(hardFile, "def f(x):\n    return x + 1\n");
writeFileSync(join(ws, "test_hard.py"), "from hard import f\n\n\ndef test_f():\n    assert f(3) == 123456789\n");

const datasetLines = (): { source: string; before: string; after: string }[] => {
  const p = join(storageDir, "dataset", "repairs.jsonl");
  return existsSync(p)
    ? readFileSync(p, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l))
    : [];
};
const open = (s: LspServer, u: string, text: string, version = 1): Promise<void> =>
  s.connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri: u, languageId: "python", version, text },
  });
const change = (s: LspServer, u: string, text: string, version: number): Promise<void> =>
  s.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri: u, version },
    contentChanges: [{ text }],
  });
/** The first diagnostics of `u` published after notification number `since` that match. */
const publishedSince = (
  s: LspServer,
  u: string,
  since: number,
  match: (d: Diagnostic[]) => boolean,
): Promise<PublishDiagnosticsParams> =>
  s.waitFor<PublishDiagnosticsParams>(
    "textDocument/publishDiagnostics",
    (p) => p.uri === u && s.received.findIndex((n) => n.params === p) >= since && match(p.diagnostics),
  );
const steps = (s: LspServer, token: string): P.StepParams["event"][] =>
  s.received
    .filter((n) => n.method === P.StepNotification.method && (n.params as P.StepParams).token === token)
    .map((n) => (n.params as P.StepParams).event);

after(() => rmSync(ws, { recursive: true, force: true }));

describe("language server from source (tsx), mode mutate", { timeout: 240_000 }, () => {
  let server: LspServer;
  let diagnostics: Diagnostic[] = [];
  before(async () => {
    server = await startLspServer({
      entry: "source",
      rootUri: pathToFileURL(ws).href,
      init: { storageDir, settings: { python: PYTHON, mode: "mutate", model: "none" } },
    });
  });
  after(async () => server.stop());

  test("opening a failing file publishes one diagnostic per failing test", async () => {
    await open(server, uri, buggy);
    const published = await server.waitFor<PublishDiagnosticsParams>(
      "textDocument/publishDiagnostics",
      (p) => p.uri === uri && p.diagnostics.length > 0,
    );
    diagnostics = published.diagnostics;
    assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.match(diagnostics[0]!.message, /test_count_above failed.*2\/3 tests pass/);
    assert.equal(diagnostics[0]!.source, P.DIAGNOSTIC_SOURCE);
    // The assert fails in the test file; the diagnostic goes to the function the test is named after.
    assert.equal(
      diagnostics[0]!.range.start.line,
      buggy.split("\n").findIndex((l) => l.startsWith("def count_above")),
    );
    const results = await server.waitFor<P.TestResultsParams>(P.TestResultsNotification, (p) => p.uri === uri);
    assert.deepEqual([results.passed, results.total, results.fixedFrom], [2, 3, undefined]);
  });

  test("the failing-test diagnostic has the Repair quick fixes (file, and the function it sits on)", async () => {
    const actions = await server.connection.sendRequest<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    });
    assert.equal(actions.length, 2);
    assert.deepEqual(actions[1]!.command, {
      title: "Repair This Function with Chain-of-Edits",
      command: P.REPAIR_FUNCTION_COMMAND,
      arguments: [uri, diagnostics[0]!.range.start.line],
    });
    assert.equal(actions[0]!.title, "Repair with Chain-of-Edits");
    assert.deepEqual(actions[0]!.command, {
      title: "Repair with Chain-of-Edits",
      command: P.REPAIR_COMMAND,
      arguments: [uri],
    });
    const none = await server.connection.sendRequest<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics: [{ ...diagnostics[0]!, source: "pylint" }] },
    });
    assert.deepEqual(none, []);
  });

  test("coe/repair (mutate) solves it, streams progress, leaves the file alone; coe/accept records it", async () => {
    const token = "r1";
    const r = await server.connection.sendRequest(P.RepairRequest, {
      uri,
      text: buggy,
      mode: "mutate",
      token,
    } satisfies P.RepairParams);
    assert.equal(r.trace.solved, true);
    assert.match(r.trace.finalCode, /if v > threshold:/);
    assert.deepEqual([r.initial.passed, r.initial.total], [2, 3]);
    const last = r.trace.steps.at(-1)!;
    assert.deepEqual([last.passed, last.total], [3, 3]);
    const edit = r.trace.steps.find((st) => st.diff !== "")!;
    assert.match(edit.command, /^(REPL|REPW) 13 /);
    assert.match(edit.diff, /^-\s+if v >= threshold:$/m);
    assert.match(edit.diff, /^\+\s+if v > threshold:$/m);
    const events = server.received.filter(
      (n) => n.method === P.StepNotification.method && (n.params as P.StepParams).token === token,
    );
    assert.ok(
      events.some((e) => (e.params as P.StepParams).event.type === "start"),
      "a start event was streamed",
    );
    const runs = events
      .map((e) => (e.params as P.StepParams).event)
      .filter((e): e is P.SearchProgressEvent => e.type === "search");
    assert.ok(runs.length >= 1, "the search streamed its status after each test run");
    assert.ok(
      runs.every((e, i) => e.testRuns === i + 1 && e.testRuns <= e.budget && e.total === 3),
      JSON.stringify(runs.slice(0, 3)),
    );
    assert.equal(readFileSync(file, "utf8"), buggy, "the user's file is unchanged until accepted");

    const accepted = await server.connection.sendRequest(P.AcceptRequest, { repairId: r.repairId });
    assert.equal(accepted.recorded, true, accepted.reason);
    const rec = datasetLines().at(-1)!;
    assert.deepEqual([rec.source, rec.before, rec.after], ["accepted", buggy, r.trace.finalCode]);
    const again = await server.connection.sendRequest(P.AcceptRequest, { repairId: r.repairId });
    assert.equal(again.recorded, false, "a repair is recorded once");
  });

  test("a save that turns the tests green by hand reports fixedFrom; coe/recordUserFix records it", async () => {
    // The accept above cleared the failure memory: fail again by hand, then fix by hand.
    const fixed = buggy.replace("v >= threshold", "v > threshold");
    for (const [version, text] of [
      [2, buggy],
      [3, fixed],
    ] as const) {
      await server.connection.sendNotification("textDocument/didChange", {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
      const before = server.received.length;
      await server.connection.sendNotification("textDocument/didSave", { textDocument: { uri } });
      await server.waitFor<P.TestResultsParams>(
        P.TestResultsNotification,
        (p) => p.uri === uri && server.received.length > before && p.passed === (version === 2 ? 2 : 3),
      );
    }
    const green = server.received.filter((n) => n.method === P.TestResultsNotification.method).at(-1)!
      .params as P.TestResultsParams;
    assert.equal(green.fixedFrom, buggy);
    const cleared = await server.waitFor<PublishDiagnosticsParams>(
      "textDocument/publishDiagnostics",
      (p) => p.uri === uri && p.diagnostics.length === 0,
    );
    assert.deepEqual(cleared.diagnostics, []);
    const res = await server.connection.sendRequest(P.RecordUserFixRequest, {
      uri,
      before: buggy,
      after: fixed,
    });
    assert.equal(res.recorded, true, res.reason);
    assert.deepEqual(datasetLines().at(-1)!.source, "user-fix");
    const bad = await server.connection.sendRequest(P.RecordUserFixRequest, {
      uri,
      before: fixed,
      after: buggy,
    });
    assert.equal(bad.recorded, false, "a 'fix' that fails its tests is refused");
  });

  test("LSP cancellation stops a running repair within seconds", async () => {
    const source = new CancellationTokenSource();
    const hardUri = pathToFileURL(hardFile).href;
    const started = server.waitFor<P.StepParams>(
      P.StepNotification,
      (p) => p.token === "hard" && p.event.type === "start",
    );
    const t0 = performance.now();
    const pending = server.connection.sendRequest(
      P.RepairRequest,
      { uri: hardUri, text: readFileSync(hardFile, "utf8"), mode: "mutate", budget: 100000, token: "hard" },
      source.token,
    );
    await started;
    source.cancel();
    await assert.rejects(pending, /cancel/i);
    // The server answers the next request promptly (the search really stopped).
    const info = await server.connection.sendRequest(P.ModelInfoRequest);
    assert.equal(info.state, "idle");
    assert.ok(performance.now() - t0 < 30_000);
  });

  test('coe/repair in mode model with coe.model "none" is a clear error; hybrid says it uses mutations only', async () => {
    await assert.rejects(
      server.connection.sendRequest(P.RepairRequest, { uri, text: buggy, mode: "model" }),
      /mode model needs a model: no model \(coe.model is "none"\)/,
    );
    const info = await server.connection.sendRequest(P.ModelInfoRequest);
    assert.deepEqual([info.path, info.name, info.loaded], ["", "no model", false]);
    const r = await server.connection.sendRequest(P.RepairRequest, {
      uri,
      text: buggy,
      mode: "hybrid",
      token: "none1",
    } satisfies P.RepairParams);
    assert.deepEqual([r.model, r.trace.solved], ["mutate", true]);
    assert.ok(
      steps(server, "none1").some(
        (e) => e.type === "message" && /mutations only: no model \(coe.model is "none"\)/.test(e.text),
      ),
      "the hybrid repair says why it searched without a model",
    );
  });

  test("a syntax error shows while typing (tree-sitter, no save, no Python run) and goes when fixed", async (t) => {
    const calc = join(ws, "calc.py");
    const calcUri = pathToFileURL(calc).href;
    const good = "def add(a, b):\n    return a - b\n";
    const broken = "def add(a, b):\n    return a - b\n\nx = = 1\n";
    writeFileSync(calc, good);
    writeFileSync(join(ws, "test_calc.py"), "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n");
    const isTest = (d: Diagnostic): boolean => d.code === P.FAILING_TEST_CODE;
    const isSyntax = (d: Diagnostic): boolean => d.code === P.SYNTAX_ERROR_CODE;
    await open(server, calcUri, good);
    await server.waitFor<P.TestResultsParams>(P.TestResultsNotification, (p) => p.uri === calcUri);
    const testRuns = (): number =>
      server.received.filter(
        (n) => n.method === P.TestResultsNotification.method && (n.params as P.TestResultsParams).uri === calcUri,
      ).length;
    const runsBefore = testRuns();

    let since = server.received.length;
    const t0 = performance.now();
    await change(server, calcUri, broken, 2);
    const shown = await publishedSince(server, calcUri, since, (ds) => ds.some(isSyntax));
    const ms = performance.now() - t0;
    t.diagnostic(`syntax diagnostic ${ms.toFixed(1)} ms after didChange`);
    const syntax = shown.diagnostics.find(isSyntax)!;
    assert.equal(syntax.range.start.line, 3, JSON.stringify(syntax));
    assert.deepEqual([syntax.severity, syntax.source], [1, P.DIAGNOSTIC_SOURCE]);
    assert.match(syntax.message, /^syntax error/);
    assert.equal(shown.diagnostics.filter(isTest).length, 1, "the failing test of the last save stays");
    assert.ok(ms < 2000, `took ${ms} ms`);

    since = server.received.length;
    await change(server, calcUri, good, 3);
    const fixed = await publishedSince(server, calcUri, since, (ds) => !ds.some(isSyntax));
    assert.deepEqual(
      fixed.diagnostics.map((d) => d.code),
      [P.FAILING_TEST_CODE],
    );
    assert.equal(testRuns(), runsBefore, "typing ran no tests (no Python)");

    // Saved broken: Python's compile() confirms it and its diagnostic replaces tree-sitter's.
    since = server.received.length;
    await change(server, calcUri, broken, 4);
    await publishedSince(server, calcUri, since, (ds) => ds.some(isSyntax));
    since = server.received.length;
    await server.connection.sendNotification("textDocument/didSave", { textDocument: { uri: calcUri } });
    const saved = await publishedSince(server, calcUri, since, (ds) => !ds.some(isSyntax));
    assert.equal(saved.diagnostics.length, 1, JSON.stringify(saved.diagnostics));
    assert.deepEqual([saved.diagnostics[0]!.range.start.line, saved.diagnostics[0]!.code], [3, P.FAILING_TEST_CODE]);
    assert.match(saved.diagnostics[0]!.message, /^syntax error: /);
    const verdict = await server.waitFor<P.TestResultsParams>(
      P.TestResultsNotification,
      (p) => p.uri === calcUri && server.received.findIndex((n) => n.params === p) >= since,
    );
    assert.equal(verdict.kind, "syntax");
    assert.equal(testRuns(), runsBefore + 1);
  });

  test("an empty coe.model is the bundled default model: model info and a hybrid repair name coe-tiny.gguf", async () => {
    await server.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: { coe: { model: "" } },
    });
    const info = await server.connection.sendRequest(P.ModelInfoRequest);
    assert.deepEqual(
      [info.path, info.name, info.loaded, info.problem],
      [join(ROOT, "models", "coe-tiny.gguf"), "coe-tiny.gguf", false, undefined],
    );
    const r = await server.connection.sendRequest(P.RepairRequest, {
      uri,
      text: buggy,
      mode: "hybrid",
      rollouts: 1,
      budget: 30,
      token: "default1",
    } satisfies P.RepairParams);
    assert.deepEqual([r.mode, r.model], ["hybrid", "coe-tiny.gguf"]);
    assert.ok(!steps(server, "default1").some((e) => e.type === "message" && /mutations only/.test(e.text)));
    const loaded = await server.connection.sendRequest(P.ModelInfoRequest);
    assert.deepEqual([loaded.loaded, loaded.name], [true, "coe-tiny.gguf"]);
  });
});

describe(
  "bundled server with a broken bundled default model",
  { timeout: 120_000, skip: existsSync(join(ROOT, "dist/server.cjs")) ? false : "run npm run build first" },
  () => {
    // A copy of the package layout (package.json, dist/, models/) inside the checkout, so that
    // node-llama-cpp still resolves from its node_modules, with a default model that is not a GGUF.
    const pkg = join(ROOT, ".cache", `lsp-broken-default-${process.pid}`);
    const brokenModel = join(pkg, "models", "coe-tiny.gguf");
    let server: LspServer;
    before(async () => {
      cpSync(join(ROOT, "dist"), join(pkg, "dist"), { recursive: true, filter: (p) => !/\.(map|vsix)$/.test(p) });
      writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "coe-repair", version: "0.0.0" }));
      mkdirSync(dirname(brokenModel), { recursive: true });
      writeFileSync(brokenModel, "this is not a model\n");
      server = await startLspServer({
        entry: "bundle",
        serverPath: join(pkg, "dist", "server.cjs"),
        rootUri: pathToFileURL(ws).href,
        init: { storageDir: join(ws, ".storage-broken"), settings: { python: PYTHON } },
      });
    });
    after(async () => {
      await server?.stop();
      rmSync(pkg, { recursive: true, force: true });
    });

    test("a corrupt default model: the default (ranked) mode says so and repairs with mutations; mode model is a clear error", async () => {
      const r = await server.connection.sendRequest(P.RepairRequest, {
        uri,
        text: buggy,
        token: "broken1",
      } satisfies P.RepairParams);
      assert.deepEqual([r.mode, r.model, r.trace.solved], ["ranked", "mutate", true]);
      const why = steps(server, "broken1").find((e) => e.type === "message" && /mutations only/.test(e.text));
      assert.ok(why?.type === "message", "the repair says why it searched without a model");
      assert.match(why.text, /the bundled default model .*coe-tiny\.gguf could not be loaded \(not a GGUF model file/);
      const info = await server.connection.sendRequest(P.ModelInfoRequest);
      assert.equal(info.loaded, false);
      assert.match(info.problem ?? "", /could not be loaded/);
      await assert.rejects(
        server.connection.sendRequest(P.RepairRequest, { uri, text: buggy, mode: "model" }),
        /mode model needs a model: the bundled default model .* could not be loaded/,
      );
    });

    test("a missing default model: the same fallback, and the server keeps running", async () => {
      rmSync(brokenModel);
      const r = await server.connection.sendRequest(P.RepairRequest, {
        uri,
        text: buggy,
        token: "broken2",
      } satisfies P.RepairParams);
      assert.deepEqual([r.model, r.trace.solved], ["mutate", true]);
      assert.ok(
        steps(server, "broken2").some(
          (e) => e.type === "message" && /mutations only: the bundled default model .* is missing/.test(e.text),
        ),
      );
      assert.equal(server.child.exitCode, null, "the server is still running");
    });
  },
);

describe(
  "bundled server dist/server.cjs, mode model with a test GGUF",
  { timeout: 480_000, skip: existsSync(join(ROOT, "dist/server.cjs")) ? false : "run npm run build first" },
  () => {
    let server: LspServer;
    let modelPath = "";
    before(async () => {
      modelPath = await makeTestModel({ dim: 64, layers: 2 });
      server = await startLspServer({
        entry: "bundle",
        rootUri: pathToFileURL(ws).href,
        init: { storageDir, settings: { python: PYTHON, mode: "model", model: modelPath, rollouts: 2 } },
      });
    });
    after(async () => server?.stop());

    test("loads the model lazily through import() and returns a trace with streamed steps", async () => {
      assert.equal(
        (await server.connection.sendRequest(P.ModelInfoRequest)).loaded,
        false,
        "not loaded before the first repair",
      );
      const r = await server.connection.sendRequest(P.RepairRequest, {
        uri,
        text: buggy,
        mode: "model",
        rollouts: 2,
        token: "m1",
      });
      assert.equal(r.mode, "model");
      assert.equal(r.model, modelPath.split("/").at(-1));
      assert.equal(r.trace.initialCode, buggy);
      assert.ok(r.trace.steps.length >= 1, "the model made at least one step");
      const steps = server.received.filter(
        (n) => n.method === P.StepNotification.method && (n.params as P.StepParams).event.type === "step",
      );
      assert.ok(steps.length >= r.trace.steps.length, "every step was streamed as coe/step");
      const info = await server.connection.sendRequest(P.ModelInfoRequest);
      assert.deepEqual([info.loaded, info.path], [true, modelPath]);
    });

    test("coe/reloadModel hot-swaps the model without a restart", async () => {
      const other = await makeTestModel({ dim: 64, layers: 2, seed: 7 });
      const info = await server.connection.sendRequest(P.ReloadModelRequest, { path: other });
      assert.deepEqual([info.loaded, info.path], [true, other]);
      const r = await server.connection.sendRequest(P.RepairRequest, {
        uri,
        text: buggy,
        mode: "model",
        rollouts: 1,
      });
      assert.equal(r.model, other.split("/").at(-1));
      await assert.rejects(
        server.connection.sendRequest(P.ReloadModelRequest, { path: join(ws, "missing.gguf") }),
        /no such model/,
      );
    });

    test("coe/cancel stops a model repair by its token", async () => {
      const started = server.waitFor<P.StepParams>(
        P.StepNotification,
        (p) => p.token === "m2" && p.event.type === "start",
      );
      const pending = server.connection.sendRequest(P.RepairRequest, {
        uri,
        text: buggy,
        mode: "model",
        rollouts: 1,
        token: "m2",
      });
      await started;
      await server.connection.sendNotification(P.CancelNotification, { token: "m2" } satisfies P.CancelParams);
      await assert.rejects(pending, /cancel/i);
    });

    const trainEvents = (token: string): P.TrainProgressParams["event"][] =>
      server.received
        .filter(
          (n) => n.method === P.TrainProgressNotification.method && (n.params as P.TrainProgressParams).token === token,
        )
        .map((n) => (n.params as P.TrainProgressParams).event);
    const setDatasetDir = (datasetDir: string): Promise<void> =>
      server.connection.sendNotification("workspace/didChangeConfiguration", { settings: { coe: { datasetDir } } });

    test("coe/train refuses an empty dataset and a nonsensical budget with clear errors", async () => {
      const empty = join(ws, "empty-dataset");
      mkdirSync(empty, { recursive: true });
      await setDatasetDir(empty);
      try {
        await assert.rejects(
          server.connection.sendRequest(P.TrainRequest, { kind: "sft", steps: 2, variants: 0, token: "t0" }),
          /nothing to train on: the dataset .*empty-dataset.* is empty/,
        );
      } finally {
        await setDatasetDir("");
      }
      await assert.rejects(
        server.connection.sendRequest(P.TrainRequest, { kind: "sft", steps: 0 } satisfies P.TrainParams),
        /steps must be an integer in \[1, /,
      );
      const info = await server.connection.sendRequest(P.ModelInfoRequest);
      assert.equal(info.state, "idle");
    });

    test("coe/train fine-tunes the current model on the accepted repair, streams progress, hot-swaps the result", async () => {
      const repaired = await server.connection.sendRequest(P.RepairRequest, {
        uri,
        text: buggy,
        mode: "mutate",
      });
      const accepted = await server.connection.sendRequest(P.AcceptRequest, {
        repairId: repaired.repairId,
      });
      assert.equal(accepted.recorded, true, accepted.reason);
      const old = (await server.connection.sendRequest(P.ModelInfoRequest)).path;

      const pending = server.connection.sendRequest(P.TrainRequest, {
        kind: "sft",
        steps: 2,
        variants: 0,
        token: "t1",
      } satisfies P.TrainParams);
      await assert.rejects(
        server.connection.sendRequest(P.TrainRequest, { kind: "sft", steps: 2, variants: 0, token: "t1b" }),
        /a training is already running/,
      );
      const result = await pending;

      assert.match(basename(result.out), /^coe-sft-.+\.gguf$/);
      assert.equal(dirname(result.out), join(storageDir, "models"));
      assert.ok(existsSync(result.out), "the new model exists");
      assert.ok(existsSync(old), "the old model is kept");
      assert.equal(result.reloaded, true);
      assert.ok(Number.isFinite(result.loss), `final loss ${result.loss}`);
      // Its parent is recorded: the ranker's sample stamp follows the model's lineage (editorModelLineage).
      const lineage = readFileSync(join(storageDir, "models", "lineage.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { model: string; parent: string });
      assert.deepEqual(
        lineage.map((l) => [l.model, l.parent]),
        [[result.out, old]],
      );
      // The ranker round on the same repairs: its groups are cached, its verdict said.
      assert.equal(typeof result.ranker?.promoted, "boolean", JSON.stringify(result.ranker));
      assert.ok(result.ranker!.reason.length > 0);
      assert.ok(!result.ranker!.reason.startsWith("failed"), result.ranker!.reason);
      assert.ok(readFileSync(join(storageDir, "ranker", "groups.jsonl"), "utf8").trim().length > 0);
      const events = trainEvents("t1");
      const phases = events.flatMap((e) => (e.type === "phase" ? [`${e.phase}: ${e.detail ?? ""}`] : []));
      assert.ok(
        phases.some((p) => /^dataset: [1-9]\d* of \d+ records used$/.test(p)),
        `the accepted repair was used: ${JSON.stringify(phases)}`,
      );
      assert.ok(!phases.some((p) => p.startsWith("demos")), "variants 0: no synthetic demos");
      const steps = events.flatMap((e) => (e.type === "trainer" && e.progress.event === "step" ? [e.progress] : []));
      assert.deepEqual([steps.at(-1)?.step, steps.at(-1)?.steps], [2, 2], "trainer steps were streamed");
      assert.ok(
        events.some((e) => e.type === "trainer" && e.progress.event === "done"),
        `the trainer reported done: ${JSON.stringify(events.slice(-3))}`,
      );
      assert.ok(!existsSync(join(storageDir, "train")) || readdirSync(join(storageDir, "train")).length === 0);

      const info = await server.connection.sendRequest(P.ModelInfoRequest);
      assert.deepEqual([info.path, info.loaded, info.state], [result.out, true, "idle"]);
      const next = await server.connection.sendRequest(P.RepairRequest, {
        uri,
        text: buggy,
        mode: "model",
        rollouts: 1,
      });
      assert.equal(next.model, basename(result.out), "the next repair uses the trained model");
      // The client resending its (unchanged) settings does not undo the hot swap.
      await setDatasetDir("");
      assert.equal((await server.connection.sendRequest(P.ModelInfoRequest)).path, result.out);
    });

    test("cancelling a training stops the trainer child and leaves the model alone", async () => {
      const before = await server.connection.sendRequest(P.ModelInfoRequest);
      const models = readdirSync(join(storageDir, "models"));
      const source = new CancellationTokenSource();
      const started = server.waitFor<P.TrainProgressParams>(
        P.TrainProgressNotification,
        (p) => p.token === "t2" && p.event.type === "trainer",
        120_000,
      );
      const pending = server.connection.sendRequest(
        P.TrainRequest,
        { kind: "sft", steps: 100_000, variants: 0, token: "t2" } satisfies P.TrainParams,
        source.token,
      );
      await started;
      const trainer = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(server.child.pid)], { encoding: "utf8" })
        .split("\n")
        .find((l) => l.includes("coe_trainer.sft"));
      assert.ok(trainer, "the trainer runs as a child of the server");
      const pid = Number(trainer.trim().split(/\s+/)[0]);
      source.cancel();
      await assert.rejects(pending, /training cancelled/);
      assert.throws(() => process.kill(pid, 0), /ESRCH/, "the trainer child is gone");
      const after = await server.connection.sendRequest(P.ModelInfoRequest);
      assert.deepEqual([after.path, after.state], [before.path, "idle"]);
      assert.deepEqual(readdirSync(join(storageDir, "models")), models, "no model was written");
    });

    test("coe/cancel during the ranker round stops it: the trained model stays, the ranker is unchanged", async () => {
      // A repair the earlier round has not cached, so this round has a search to run.
      const text = `# another copy\n${buggy}`;
      const repaired = await server.connection.sendRequest(P.RepairRequest, { uri, text, mode: "mutate" });
      assert.equal(
        (await server.connection.sendRequest(P.AcceptRequest, { repairId: repaired.repairId })).recorded,
        true,
      );
      const current = join(storageDir, "ranker", "current.json");
      const rankerBefore = existsSync(current) ? readFileSync(current, "utf8") : undefined;
      const searching = server.waitFor<P.TrainProgressParams>(
        P.TrainProgressNotification,
        (p) =>
          p.token === "t3" &&
          p.event.type === "phase" &&
          p.event.phase === "ranker" &&
          /searching repair/.test(p.event.detail ?? ""),
        120_000,
      );
      const pending = server.connection.sendRequest(P.TrainRequest, {
        kind: "sft",
        steps: 2,
        variants: 0,
        token: "t3",
      } satisfies P.TrainParams);
      await searching;
      await server.connection.sendNotification(P.CancelNotification, { token: "t3" });
      const result = await pending;
      assert.equal(result.reloaded, true, "the model round had finished: its model is in use");
      assert.deepEqual(result.ranker, { promoted: false, reason: "cancelled" });
      assert.equal(existsSync(current) ? readFileSync(current, "utf8") : undefined, rankerBefore);
      assert.equal((await server.connection.sendRequest(P.ModelInfoRequest)).state, "idle");
    });
  },
);
