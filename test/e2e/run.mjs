#!/usr/bin/env node
/**
 * End-to-end test in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) on 127.0.0.1 (loopback,
 * random free port), driven by Debian's chromium through playwright-core. See
 * /work/shared/vscode-e2e.md for why this route (VS Code's own test runners need Microsoft's servers).
 *
 * It opens a scratch workspace with samples/buggy_stats.py and its pytest file (plus a two-bug file and
 * an unfixable one), loads this repo as the extension under development (coe.mode = mutate,
 * coe.autoTrainAfter = 1) and checks, through the UI only:
 *  1. "Repair Function at Cursor" on a function with two bugs: the review panel shows the tried edits
 *     live, then the final diff as two hunks; rejecting the first and accepting the second leaves the
 *     file with exactly the second hunk;
 *  2. Cancel mid-search stops the repair within 1 s (the panel reports the measured time);
 *  3. "Repair File" with the failing-test squiggle, Accept All: the file changes, the repair is recorded;
 *  4. "Show Repair Trace" replays that repair in the panel; "Open Repair Dataset" lists it;
 *  5. the accepted fix triggers a background round once the editor is idle (COE_IDLE_MS, 2 trainer
 *     steps): the status bar shows it swapped in; "Roll Back Model" brings back coe.model;
 *  6. "Train on My Fixes" fine-tunes the model and the status bar shows the new one in use.
 * Screenshots go to test/e2e/screenshots/ (gitignored; the path is printed). Build first (npm run
 * test:e2e does); tools come from scripts/e2e-setup.sh. Exit code 0 on success. The whole process
 * group of code-server is killed at the end.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const E2E_HOME = process.env.COE_E2E_HOME ?? join(homedir(), ".cache", "coe-e2e");
const CODE_SERVER = join(E2E_HOME, "node_modules", ".bin", "code-server");
const SHOTS = join(ROOT, "test", "e2e", "screenshots");
const PYTHON = process.env.COE_TEST_PYTHON ?? "/usr/bin/python3";
const t0 = Date.now();
const say = (msg) => console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

if (!existsSync(CODE_SERVER) || !existsSync(join(E2E_HOME, "node_modules", "playwright-core"))) {
  say("code-server or playwright-core missing: running scripts/e2e-setup.sh");
  if (spawnSync("bash", [join(ROOT, "scripts/e2e-setup.sh")], { stdio: "inherit" }).status !== 0) process.exit(2);
}
for (const f of ["dist/extension.cjs", "dist/server.cjs"])
  if (!existsSync(join(ROOT, f))) throw new Error(`${f} missing: run npm run build`);
const { chromium } = createRequire(join(E2E_HOME, "package.json"))("playwright-core");

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Runs a command from the palette by its title (retried until the extension has registered it);
 *  `line`: put the cursor on that line (1-based) of the active editor first. */
async function runCommand(page, title, line) {
  await until(
    `the ${title} command to run`,
    async () => {
      await page.locator(".monaco-editor .view-lines").first().click();
      if (line !== undefined) {
        await page.keyboard.press("Control+g");
        await page.keyboard.type(String(line));
        await page.keyboard.press("Enter");
      }
      await page.keyboard.press("F1");
      await page.locator(".quick-input-widget input").waitFor({ timeout: 5000 });
      await page.keyboard.type(title);
      const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
      try {
        await row.waitFor({ timeout: 3000 });
      } catch (err) {
        await page.keyboard.press("Escape");
        throw err;
      }
      await page.keyboard.press("Enter");
      return true;
    },
    90_000,
    2000,
  );
}

async function until(what, fn, timeoutMs = 60_000, everyMs = 500) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ""}`);
}

// ---- scratch folders: HOME, VS Code user data, extensions, the workspace ----
const scratch = mkdtempSync(join(tmpdir(), "coe-e2e-"));
const dirs = Object.fromEntries(["home", "data", "ext", "ws"].map((d) => [d, join(scratch, d)]));
for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
const target = join(dirs.ws, "buggy_stats.py");
copyFileSync(join(ROOT, "samples/buggy_stats.py"), target);
copyFileSync(join(ROOT, "samples/test_buggy_stats.py"), join(dirs.ws, "test_buggy_stats.py"));
const before = readFileSync(target, "utf8");
// Two bugs in one function, far enough apart to make two hunks; a third file no edit can fix.
const twoBugs = join(dirs.ws, "two_bugs.py");
writeFileSync(
  twoBugs,
  [
    "def summarize(values):",
    '    """Sum, count and largest of a non-empty list."""',
    "    total = 1",
    "    count = 0",
    "    for v in values:",
    "        total += v",
    "        count += 1",
    "    biggest = values[0]",
    "    for v in values:",
    "        if v < biggest:",
    "            biggest = v",
    "    return total, count, biggest",
    "",
  ].join("\n"),
);
writeFileSync(
  join(dirs.ws, "test_two_bugs.py"),
  "from two_bugs import summarize\n\n\ndef test_total():\n    assert summarize([1, 2, 3])[0] == 6\n\n\n" +
    "def test_count():\n    assert summarize([4, 4])[1] == 2\n\n\ndef test_biggest():\n    assert summarize([1, 5, 3])[2] == 5\n",
);
const twoBefore = readFileSync(twoBugs, "utf8");
writeFileSync(
  join(dirs.ws, "hard.py"),
  "def f(x):\n" + Array.from({ length: 12 }, (_, i) => `    x = x + ${i + 1}\n`).join("") + "    return x\n",
);
writeFileSync(join(dirs.ws, "test_hard.py"), "from hard import f\n\n\ndef test_f():\n    assert f(3) == 123456789\n");
// A small random-weight GGUF as coe.model: the repair runs in mode mutate, training fine-tunes this model.
const model = join(scratch, "coe-e2e.gguf");
const made = spawnSync(
  PYTHON,
  ["-m", "coe_trainer.make_model", "--out", model, "--dim", "64", "--layers", "2", "--heads", "4", "--ffn", "128"],
  { cwd: join(ROOT, "trainer"), env: { ...process.env, PYTHONPATH: join(ROOT, "trainer") }, encoding: "utf8" },
);
if (made.status !== 0) throw new Error(`make_model failed: ${made.stderr}`);
mkdirSync(join(dirs.ws, ".vscode"));
writeFileSync(
  join(dirs.ws, ".vscode", "settings.json"),
  JSON.stringify(
    {
      "coe.mode": "mutate",
      "coe.model": model,
      "coe.python": PYTHON,
      "coe.datasetDir": join(scratch, "dataset"),
      "coe.autoTrainAfter": 1,
      "coe.budget": 300,
    },
    null,
    2,
  ),
);
mkdirSync(join(dirs.data, "User"), { recursive: true });
writeFileSync(
  join(dirs.data, "User", "settings.json"),
  JSON.stringify({
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "security.workspace.trust.enabled": false,
    "update.mode": "none",
  }),
);
const config = join(scratch, "config.yaml");
const port = await freePort();
writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

// ---- code-server in its own process group (setsid), so one kill stops its watchers too ----
const env = {
  ...process.env,
  HOME: dirs.home,
  XDG_CONFIG_HOME: join(dirs.home, ".config"),
  XDG_DATA_HOME: join(dirs.home, ".local/share"),
  XDG_CACHE_HOME: join(dirs.home, ".cache"),
  // A training round of seconds for this test (the server reads them; users get 100 steps with replay).
  COE_TRAIN_STEPS: "2",
  COE_TRAIN_VARIANTS: "0",
  // Background rounds: start 3 s after the last edit, judge with a small budget, no MBPP validation suite.
  COE_IDLE_MS: "3000",
  COE_ROUND_EVAL_BUDGET: "10",
  COE_MBPP: join(scratch, "no-mbpp.jsonl"),
};
const serverLog = [];
const server = spawn(
  CODE_SERVER,
  [
    "--config",
    config,
    "--bind-addr",
    `127.0.0.1:${port}`,
    "--auth",
    "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    "--user-data-dir",
    dirs.data,
    "--extensions-dir",
    dirs.ext,
  ],
  { env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
);
server.stdout.on("data", (d) => serverLog.push(String(d)));
server.stderr.on("data", (d) => serverLog.push(String(d)));

let browser;
let ok = false;
try {
  await until("code-server /healthz", async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000);
  say(`code-server up on 127.0.0.1:${port}`);
  browser = await chromium.launch({
    executablePath: process.env.COE_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const payload = JSON.stringify([["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${port}${ROOT}`]]);
  await page.goto(
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.ws)}&payload=${encodeURIComponent(payload)}`,
  );
  await page.locator(".monaco-workbench").waitFor({ timeout: 90_000 });
  say("workbench loaded");

  /** Opens a workspace file from the Explorer. */
  const openFile = (name) =>
    until(
      `${name} open in an editor`,
      async () => {
        // Focus the first editor group first: the Explorer opens files in the active group, and
        // after the review panel opened that would be the panel's group.
        await page
          .locator(".monaco-editor .view-lines")
          .first()
          .click({ timeout: 5000 })
          .catch(() => undefined);
        await page.getByRole("treeitem", { name, exact: true }).click({ timeout: 5000 });
        return page
          .locator(".tab.active", { hasText: name })
          .waitFor({ timeout: 5000 })
          .then(() => true);
      },
      60_000,
      1000,
    );
  const panel = page.frameLocator("iframe.webview").frameLocator("iframe#active-frame");
  const shot = async (name) => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  };

  // 1. Repair Function at Cursor on two bugs; reject the first hunk, accept the second.
  await openFile("two_bugs.py");
  await runCommand(page, "Chain-of-Edits: Repair Function at Cursor", 10);
  say("repair function at cursor run");
  await panel.locator("#tried li.step").first().waitFor({ timeout: 120_000 });
  say(`live: ${await panel.locator("#tried li.step").count()} tried edit(s) shown while the search runs`);
  await shot("live");
  await panel.locator("#status", { hasText: "Solved" }).waitFor({ timeout: 180_000 });
  const hunkCount = await panel.locator("li.hunk").count();
  if (hunkCount !== 2) throw new Error(`expected 2 hunks, got ${hunkCount}`);
  const title = await panel.locator("#title").textContent();
  if (!title?.includes("function")) throw new Error(`the panel title does not name the function scope: ${title}`);
  const second = {
    del: (await panel.locator('li.hunk[data-index="1"] .line.del').allTextContents()).map((l) => l.slice(1).trimEnd()),
    add: (await panel.locator('li.hunk[data-index="1"] .line.add').allTextContents()).map((l) => l.slice(1).trimEnd()),
  };
  await shot("hunks");
  await panel.locator('li.hunk[data-index="0"] .hunk-reject').press("Enter");
  await panel.locator('li.hunk[data-index="0"].rejected').waitFor({ timeout: 10_000 });
  if (readFileSync(twoBugs, "utf8") !== twoBefore) throw new Error("the file changed before every hunk was decided");
  await until("hunk 2 accepted", async () => {
    await panel.locator('li.hunk[data-index="1"] .hunk-accept').press("Enter", { timeout: 5000 });
    return panel
      .locator('li.hunk[data-index="1"].accepted')
      .waitFor({ timeout: 5000 })
      .then(() => true);
  });
  const expected = twoBefore.replace(second.del.join("\n"), second.add.join("\n"));
  if (expected === twoBefore) throw new Error(`cannot build the expected file from hunk 2: ${JSON.stringify(second)}`);
  await until("exactly the accepted hunk on disk", () => readFileSync(twoBugs, "utf8") === expected, 30_000);
  await panel.locator("#status", { hasText: "Applied" }).waitFor({ timeout: 10_000 });
  await shot("hunk-accepted");
  say(`hunk 1 rejected, hunk 2 accepted: the file has exactly ${JSON.stringify(second.add)}`);

  // 2. Cancel mid-search (a bug no edit fixes): the panel reports how fast it stopped.
  await openFile("hard.py");
  await runCommand(page, "Chain-of-Edits: Repair File");
  await panel.locator("#status", { hasText: "searching:" }).waitFor({ timeout: 60_000 });
  await panel.locator("#tried li.step").nth(2).waitFor({ timeout: 60_000 });
  await panel.locator("#cancel").press("Enter");
  const cancelled = await panel.locator("#status", { hasText: "Cancelled" }).textContent({ timeout: 10_000 });
  const cancelMs = Number(/stopped (\d+) ms/.exec(cancelled ?? "")?.[1]);
  await shot("cancelled");
  if (!(cancelMs < 1000)) throw new Error(`cancel took too long or was not measured: ${cancelled}`);
  say(`cancel mid-search: stopped ${cancelMs} ms after Cancel`);

  // 3. Repair File + Accept All on the squiggled file (recorded: the background round counts it).
  await openFile("buggy_stats.py");
  await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 90_000 });
  say("failing-test diagnostic shown");
  await runCommand(page, "Chain-of-Edits: Repair File");
  await panel.locator("#status", { hasText: "Solved" }).waitFor({ timeout: 120_000 });
  const added = await panel.locator("li.step .line.add").allTextContents();
  const badges = await panel.locator("li.step .badge").allTextContents();
  if (!added.some((l) => l.includes("if v > threshold:"))) throw new Error("the panel does not show the fix as a diff");
  if (!badges.includes("3/3 tests pass")) throw new Error("the panel does not show 3/3 tests pass");
  if (readFileSync(target, "utf8") !== before) throw new Error("the file changed before Accept");
  await shot("review");
  await panel.locator("#accept").press("Enter");
  await until("the fix on disk", () => readFileSync(target, "utf8").includes("if v > threshold:"), 30_000);
  await panel.locator("#status", { hasText: "Applied" }).waitFor({ timeout: 10_000 });
  const dataset = join(scratch, "dataset", "repairs.jsonl");
  await until(
    "the accepted repair in the dataset",
    () => existsSync(dataset) && readFileSync(dataset, "utf8").includes('"source":"accepted"'),
    10_000,
  );
  say("accepted all: file on disk changed, repair recorded in the dataset");

  // 4. Show Repair Trace (pick the newest) and Open Repair Dataset.
  await runCommand(page, "Chain-of-Edits: Show Repair Trace");
  await page.locator(".quick-input-list .monaco-list-row", { hasText: "buggy_stats.py" }).first().waitFor();
  await page.keyboard.press("Enter");
  await panel.locator("#title", { hasText: "Past repair" }).waitFor({ timeout: 20_000 });
  const replayed = await panel.locator("#steps li.step").count();
  if (replayed < 1) throw new Error("the replayed trace has no steps");
  await shot("trace");
  say(`show repair trace: ${replayed} step(s) replayed`);
  await runCommand(page, "Chain-of-Edits: Open Repair Dataset");
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: "accepted" }).first();
  await row.waitFor({ timeout: 20_000 });
  await shot("dataset");
  await page.keyboard.press("Escape");
  say("open repair dataset: the accepted repair is listed");

  // 5. The background round (coe.autoTrainAfter 1): swapped in, then rolled back.
  const rounds = page.locator(".statusbar-item", { hasText: "CoE round" }).first();
  await page
    .locator(".statusbar-item", { hasText: /CoE round \S+ (in use|kept out)|CoE round failed/ })
    .first()
    .waitFor({
      timeout: 150_000,
    });
  const roundText = (await rounds.textContent()) ?? "";
  await shot("round");
  if (!/in use/.test(roundText)) throw new Error(`the round was not swapped in: ${roundText}`);
  const status = page.locator(".statusbar-item", { hasText: "CoE:" }).first();
  await until(
    "the round's model in the status bar",
    async () => (await status.textContent())?.includes("round"),
    10_000,
  );
  say(`background round: ${roundText.trim()}; status bar: ${(await status.textContent())?.trim()}`);
  await runCommand(page, "Chain-of-Edits: Roll Back Model");
  await page.locator(".statusbar-item", { hasText: "CoE: coe-e2e.gguf" }).first().waitFor({ timeout: 30_000 });
  say("rolled back: coe-e2e.gguf in use again");

  // 6. Train on My Fixes: the notification names the new model, the status bar shows it in use.
  await runCommand(page, "Chain-of-Edits: Train on My Fixes");
  const done = page.locator(".notifications-toasts .notification-toast", { hasText: "training finished" }).first();
  await done.waitFor({ timeout: 90_000 });
  const message = await done.textContent();
  const trained = /(coe-sft-[\w-]+\.gguf) is now in use/.exec(message ?? "")?.[1];
  if (!trained) throw new Error(`the notification does not say the new model is in use: ${message}`);
  await page
    .locator(".statusbar-item", { hasText: `CoE: ${trained}` })
    .first()
    .waitFor({ timeout: 10_000 });
  await shot("trained");
  say(`trained: ${trained} now in use (notification and status bar); screenshots in ${SHOTS}`);
  ok = true;
} catch (err) {
  console.error(`[e2e] FAILED: ${err.stack ?? err}`);
  try {
    mkdirSync(SHOTS, { recursive: true });
    const pages = browser?.contexts()[0]?.pages() ?? [];
    if (pages[0]) await pages[0].screenshot({ path: join(SHOTS, "failure.png") });
  } catch {
    // no screenshot
  }
  try {
    const frame = browser
      ?.contexts()[0]
      ?.pages()[0]
      ?.frameLocator("iframe.webview")
      .frameLocator("iframe#active-frame");
    if (frame) console.error(`[e2e] panel status: ${await frame.locator("#status").textContent({ timeout: 2000 })}`);
    if (frame)
      console.error(
        `[e2e] hunks: ${JSON.stringify(await frame.locator("li.hunk").evaluateAll((ls) => ls.map((l) => [l.className, ...[...l.querySelectorAll("button")].map((b) => b.disabled)])))}`,
      );
  } catch {
    // no panel
  }
  console.error(`[e2e] code-server log (last lines):\n${serverLog.join("").split("\n").slice(-30).join("\n")}`);
} finally {
  await browser?.close().catch(() => undefined);
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {
    // already gone
  }
  await new Promise((r) => setTimeout(r, 1500));
  try {
    process.kill(-server.pid, "SIGKILL");
  } catch {
    // already gone
  }
  if (ok) rmSync(scratch, { recursive: true, force: true });
  else console.error(`[e2e] scratch kept at ${scratch}`);
}
say(ok ? `PASS (wall ${((Date.now() - t0) / 1000).toFixed(1)} s)` : "FAIL");
process.exit(ok ? 0 : 1);
