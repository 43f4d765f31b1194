#!/usr/bin/env node
/**
 * End-to-end test in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) on 127.0.0.1 (loopback,
 * random free port), driven by Debian's chromium through playwright-core. See
 * /work/shared/vscode-e2e.md for why this route (VS Code's own test runners need Microsoft's servers).
 *
 * It opens a scratch workspace with samples/buggy_stats.py and its pytest file, loads this repo as
 * the extension under development, checks the failing-test squiggle, runs "Chain-of-Edits: Repair File"
 * (coe.mode = mutate) from the command palette, checks that the review panel shows a step with a diff
 * and "3/3 tests pass", presses Accept with the keyboard and checks that the file on disk changed.
 * Then "Chain-of-Edits: Train on My Fixes" fine-tunes coe.model (a small random test GGUF) on the accepted
 * repair with a tiny budget (COE_TRAIN_STEPS=2, COE_TRAIN_VARIANTS=0 in the server's environment: no
 * synthetic replay), and the notification and the status bar show the new model in use.
 * Screenshots go to runs/e2e/. Build first (npm run test:e2e does); tools come from scripts/e2e-setup.sh.
 * Exit code 0 on success. The whole process group of code-server is killed at the end.
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
const SHOTS = join(ROOT, "runs", "e2e");
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

/** Runs a command from the palette by its title (retried until the extension has registered it). */
async function runCommand(page, title) {
  await until(
    `the ${title} command to run`,
    async () => {
      await page.locator(".monaco-editor .view-lines").first().click();
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
    { "coe.mode": "mutate", "coe.model": model, "coe.python": PYTHON, "coe.datasetDir": join(scratch, "dataset") },
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

  // Open the buggy file from the Explorer.
  await until(
    "buggy_stats.py open in an editor",
    async () => {
      await page.getByRole("treeitem", { name: "buggy_stats.py", exact: true }).click({ timeout: 5000 });
      return page
        .locator(".tab.active", { hasText: "buggy_stats.py" })
        .waitFor({ timeout: 5000 })
        .then(() => true);
    },
    60_000,
    1000,
  );
  say("file open");
  // The language server runs the tests on open: the failing test shows as an error squiggle.
  await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 90_000 });
  say("failing-test diagnostic shown");

  await runCommand(page, "Chain-of-Edits: Repair File");
  say("repair command run");

  const panel = page.frameLocator("iframe.webview").frameLocator("iframe#active-frame");
  await panel.locator("#status", { hasText: "Solved" }).waitFor({ timeout: 120_000 });
  const stepCount = await panel.locator("li.step").count();
  const added = await panel.locator("li.step .line.add").allTextContents();
  const removed = await panel.locator("li.step .line.del").allTextContents();
  const badges = await panel.locator("li.step .badge").allTextContents();
  say(
    `panel: ${stepCount} step(s), badges ${JSON.stringify(badges)}, + ${JSON.stringify(added)}, - ${JSON.stringify(removed)}`,
  );
  if (!added.some((l) => l.includes("if v > threshold:")) || !removed.some((l) => l.includes("if v >= threshold:")))
    throw new Error("the panel does not show the fix as a diff");
  if (!badges.includes("3/3 tests pass")) throw new Error("the panel does not show 3/3 tests pass");
  if (readFileSync(target, "utf8") !== before) throw new Error("the file changed before Accept");
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, "review.png") });

  // Accept with the keyboard (mouse clicks can hit VS Code's pointer-blocking overlay).
  await panel.locator("#accept").press("Enter");
  await until("the fix on disk", () => readFileSync(target, "utf8").includes("if v > threshold:"), 30_000);
  await panel.locator("#status", { hasText: "Applied" }).waitFor({ timeout: 10_000 });
  const dataset = join(scratch, "dataset", "repairs.jsonl");
  await until(
    "the accepted repair in the dataset",
    () => existsSync(dataset) && readFileSync(dataset, "utf8").includes('"source":"accepted"'),
    10_000,
  );
  await page.screenshot({ path: join(SHOTS, "accepted.png") });
  say("accepted: file on disk changed, repair recorded in the dataset");

  // Train on the accepted repair: the notification names the new model, the status bar shows it in use.
  const status = page.locator(".statusbar-item", { hasText: "CoE:" }).first();
  if (!(await status.textContent()).includes("coe-e2e.gguf")) throw new Error("the status bar does not show coe.model");
  await runCommand(page, "Chain-of-Edits: Train on My Fixes");
  say("train command run");
  const done = page.locator(".notifications-toasts .notification-toast", { hasText: "training finished" }).first();
  await done.waitFor({ timeout: 90_000 });
  const message = await done.textContent();
  const trained = /(coe-sft-[\w-]+\.gguf) is now in use/.exec(message ?? "")?.[1];
  if (!trained) throw new Error(`the notification does not say the new model is in use: ${message}`);
  await page
    .locator(".statusbar-item", { hasText: `CoE: ${trained}` })
    .first()
    .waitFor({ timeout: 10_000 });
  await page.screenshot({ path: join(SHOTS, "trained.png") });
  say(`trained: ${trained} now in use (notification and status bar)`);
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
