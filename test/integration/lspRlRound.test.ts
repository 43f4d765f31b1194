/**
 * The editor's RL round end to end (until now only its refusals were tested): an SFT round from an
 * accepted fix is promoted, then coe/runRound { kind: "rl" } samples groups of rollouts with that
 * model through the real engine, runs the trainer's GRPO step (real PyTorch) on the groups with a
 * reward signal, writes a GGUF, judges it against the model in use, and swaps it in without a
 * restart. The default model, sampled hot (at temperature 1 its groups of rollouts are all solved or
 * all failed: no reward signal, see rlSignal.test.ts), a few MBPP validation tasks, 2 trainer steps.
 * Both rounds land in the round store the CLI reads (COE_ROUNDS_DIR, temporary here).
 */
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { ROOT, startLspServer, type LspServer } from "../helpers/startLspServer.js";
import { RoundStore } from "../../server/src/core/rounds/index.js";
import * as P from "../../server/src/protocol.js";

const PYTHON = process.env.COE_TEST_PYTHON ?? "/usr/bin/python3";
const ws = mkdtempSync(join(tmpdir(), "coe-lsp-rl-"));
const buggy = readFileSync(join(ROOT, "samples/buggy_stats.py"), "utf8");
copyFileSync(join(ROOT, "samples/buggy_stats.py"), join(ws, "buggy_stats.py"));
copyFileSync(join(ROOT, "samples/test_buggy_stats.py"), join(ws, "test_buggy_stats.py"));
// A few MBPP validation tasks (511-600: never a benchmark's test split) for the RL round's rollouts.
const mbpp = join(ws, "mbpp-few.jsonl");
writeFileSync(
  mbpp,
  readFileSync(join(ROOT, "data/mbpp/mbpp-train-validation.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .slice(0, 12)
    .map((l) => l + "\n")
    .join(""),
);
const file = pathToFileURL(join(ws, "buggy_stats.py")).href;
after(() => rmSync(ws, { recursive: true, force: true }));

/** A server on `model` whose RL rounds sample at `temperature`; one accepted fix, one promoted SFT round. */
async function serverWithSftRound(
  model: string,
  temperature: string,
  phases: P.RoundProgressParams[],
): Promise<{ server: LspServer; sft: P.RoundInfo; roundsDir: string }> {
  const roundsDir = mkdtempSync(join(ws, "rounds-"));
  const server = await startLspServer({
    entry: "source",
    rootUri: pathToFileURL(ws).href,
    init: {
      storageDir: mkdtempSync(join(ws, ".storage-")),
      settings: { python: PYTHON, mode: "mutate", model, autoTrainAfter: 0 },
    },
    env: {
      ...process.env,
      COE_TRAIN_STEPS: "2",
      COE_TRAIN_VARIANTS: "0",
      COE_ROUND_EVAL_BUDGET: "5",
      COE_ROUND_EVAL_TASKS: "2",
      COE_RL_TASKS: "12",
      COE_RL_TEMPERATURE: temperature,
      COE_MBPP: mbpp,
      COE_ROUNDS_DIR: roundsDir,
      COE_CONFIG: join(roundsDir, "config.json"),
    },
  });
  server.connection.onNotification(P.RoundProgressNotification, (p) => phases.push(p));
  const r = await server.connection.sendRequest(P.RepairRequest, { uri: file, text: buggy });
  await server.connection.sendRequest(P.AcceptRequest, { repairId: r.repairId });
  const sft = await server.connection.sendRequest(P.RunRoundRequest, { kind: "sft" });
  assert.equal(sft.promoted, true, sft.verdict);
  return { server, sft, roundsDir };
}

describe(
  "RL rounds over LSP (real rollouts, real GRPO)",
  { timeout: 600_000, skip: existsSync(PYTHON) ? false : "no python" },
  () => {
    const servers: LspServer[] = [];
    after(async () => {
      for (const s of servers) await s.stop();
    });

    test("the default model sampled hot: GRPO trains, and the new model is swapped in without a restart", async () => {
      const phases: P.RoundProgressParams[] = [];
      const { server, sft, roundsDir } = await serverWithSftRound(join(ROOT, "models/coe-tiny.gguf"), "2.5", phases);
      servers.push(server);
      const t0 = performance.now();
      const rl = await server.connection.sendRequest(P.RunRoundRequest, { kind: "rl" });
      console.log(`RL round in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${rl.verdict}`);
      assert.equal(rl.kind, "rl");
      assert.equal(rl.parent, sft.id);
      assert.ok(existsSync(rl.model), rl.model);
      // GRPO ran: the RL model's weights are not the SFT model's.
      assert.notDeepEqual(readFileSync(rl.model), readFileSync(sft.model));
      assert.deepEqual(
        rl.evals.candidate.map((e) => e.suite),
        rl.evals.current.map((e) => e.suite),
      );
      const rlPhases = phases.filter((p) => p.kind === "rl").map((p) => p.phase);
      assert.deepEqual([...new Set(rlPhases)], ["training", "evaluating", "done"]);
      assert.equal((await server.connection.sendRequest(P.ModelInfoRequest)).path, rl.promoted ? rl.model : sft.model);
      const rounds = await server.connection.sendRequest(P.RoundsRequest);
      assert.deepEqual(
        rounds.rounds.map((x) => [x.kind, x.promoted]),
        [
          ["rl", rl.promoted],
          ["sft", true],
        ],
        "newest first",
      );
      assert.equal(rounds.current, rl.promoted ? rl.id : sft.id);
      const stored = new RoundStore(roundsDir).list();
      assert.deepEqual(
        stored.map((x) => [x.record.id, x.record.kind, x.record.parent, x.current]),
        [
          [sft.id, "sft", null, !rl.promoted],
          [rl.id, "rl", sft.id, rl.promoted],
        ],
      );
      assert.equal(rl.model, new RoundStore(roundsDir).artifactPath(stored[1]!.record));
      const again = await server.connection.sendRequest(P.RepairRequest, { uri: file, text: buggy });
      assert.equal(again.trace.solved, true, "the server still repairs with the new model in place");
    });
  },
);
