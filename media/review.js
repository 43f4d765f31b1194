// @ts-check
/**
 * The review panel's webview script (no framework, no CDN: the CSP allows only this file). Type-checked
 * by `npm run typecheck` (tsconfig includes media/); the message types come from
 * extension/src/reviewMessages.ts through JSDoc.
 * It renders what the host sends: tried edits live while the search runs (command, tests, diff), then
 * the steps of the best trace and the final diff as hunks with Accept / Reject each; the buttons post
 * accept (all) / hunk / discard / cancel / openDiff back to the host.
 *
 * @typedef {import("../extension/src/reviewMessages.js").HostToWebview} HostToWebview
 * @typedef {import("../extension/src/reviewMessages.js").WebviewToHost} WebviewToHost
 * @typedef {import("../extension/src/reviewMessages.js").HunkView} HunkView
 * @typedef {import("../extension/src/reviewMessages.js").HunkDecision} HunkDecision
 * @typedef {import("../server/src/protocol.js").TraceStep} TraceStep
 * @typedef {import("../server/src/protocol.js").Trace} Trace
 * @typedef {import("../server/src/protocol.js").Verdict} Verdict
 * @typedef {{ postMessage(message: WebviewToHost): void }} VsCodeApi
 */
(function () {
  /** @type {VsCodeApi} */
  // @ts-expect-error acquireVsCodeApi is injected by VS Code into webviews.
  const vscode = acquireVsCodeApi();
  /** @param {WebviewToHost} message */
  const send = (message) => vscode.postMessage(message);
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const title = $("title"),
    status = $("status"),
    steps = $("steps"),
    stepsTitle = $("steps-title"),
    tried = $("tried"),
    triedTitle = $("tried-title"),
    hunksBox = $("hunks-box"),
    hunks = $("hunks"),
    log = $("log"),
    flags = $("flags");
  const accept = /** @type {HTMLButtonElement} */ ($("accept"));
  const discard = /** @type {HTMLButtonElement} */ ($("discard"));
  const diff = /** @type {HTMLButtonElement} */ ($("diff"));
  const cancel = /** @type {HTMLButtonElement} */ ($("cancel"));
  /** Tried edits shown live (the oldest drop out). */
  const SHOW_TRIED = 100;

  /** @param {string} tag @param {string} [cls] @param {string} [text] */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** A unified diff (or a hunk's lines) as coloured lines, file headers dropped. @param {string[]} lines */
  function renderDiff(lines) {
    const pre = el("pre", "diff");
    for (const line of lines) {
      if (line.startsWith("---") || line.startsWith("+++") || line === "") continue;
      const kind = line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : "ctx";
      pre.appendChild(el("span", `line ${kind}`, line + "\n"));
    }
    return pre;
  }

  /** "3/3 tests pass" plus the failing tests of a verdict. @param {number} passed @param {number} total @param {Verdict | undefined} verdict */
  function renderTests(passed, total, verdict) {
    const box = el("div", "tests");
    const solved = total > 0 && passed === total && (!verdict || verdict.kind === "ok");
    box.appendChild(el("span", solved ? "badge pass" : "badge fail", `${passed}/${total} tests pass`));
    if (verdict && verdict.kind !== "ok")
      box.appendChild(
        el(
          "span",
          "detail",
          ` ${verdict.kind}${verdict.syntax ? `: line ${verdict.syntax.line} ${verdict.syntax.message}` : ""}`,
        ),
      );
    const failing = (verdict?.tests ?? []).filter((t) => t.status !== "pass");
    if (failing.length > 0) {
      const ul = el("ul", "failing");
      for (const t of failing)
        ul.appendChild(
          el(
            "li",
            "",
            `${t.name}: ${t.status}${t.message ? ` (${t.message})` : ""}${t.got !== undefined ? `, got ${t.got}` : ""}`,
          ),
        );
      box.appendChild(ul);
    }
    return box;
  }

  /** @param {TraceStep} step @param {number} index */
  function renderStep(step, index) {
    const li = el("li", "step");
    li.dataset.index = String(index);
    const head = el("div", "step-head");
    head.appendChild(el("span", "step-no", `Step ${index + 1}`));
    head.appendChild(el("code", "command", step.command));
    li.appendChild(head);
    if (step.error) li.appendChild(el("div", "error", step.error));
    li.appendChild(renderTests(step.passed, step.total, step.verdict));
    if (step.diff) li.appendChild(renderDiff(step.diff.split("\n")));
    else li.appendChild(el("div", "nodiff", step.command === "EXIT" ? "(done)" : "(no change)"));
    return li;
  }

  /** @param {HunkView} h */
  function renderHunk(h) {
    const li = el("li", "hunk");
    li.dataset.index = String(h.index);
    const head = el("div", "hunk-head");
    head.appendChild(el("span", "hunk-no", `Hunk ${h.index + 1}`));
    const yes = /** @type {HTMLButtonElement} */ (el("button", "hunk-accept", "Accept"));
    const no = /** @type {HTMLButtonElement} */ (el("button", "hunk-reject secondary", "Reject"));
    yes.addEventListener("click", () => send({ type: "hunk", index: h.index, accept: true }));
    no.addEventListener("click", () => send({ type: "hunk", index: h.index, accept: false }));
    head.append(yes, no, el("span", "hunk-state", ""));
    li.appendChild(head);
    li.appendChild(renderDiff([h.header, ...h.lines]));
    return li;
  }

  /** @param {HunkDecision[]} decisions */
  function showDecisions(decisions) {
    hunks.querySelectorAll("li.hunk").forEach((li, i) => {
      const d = decisions[i];
      const decided = d === "accepted" || d === "rejected";
      li.className = `hunk ${decided ? d : ""}`;
      /** @type {HTMLElement} */ (li.querySelector(".hunk-state")).textContent = decided ? ` ${d}` : "";
      li.querySelectorAll("button").forEach((b) => (b.disabled = decided));
    });
  }

  /** @param {Trace} trace */
  function showSteps(trace) {
    steps.replaceChildren(...trace.steps.map(renderStep));
    stepsTitle.textContent = `Steps (${trace.steps.length})`;
  }

  /** @param {boolean} busy */
  function setBusy(busy) {
    cancel.hidden = !busy;
    accept.disabled = true;
    diff.disabled = true;
    discard.disabled = busy;
  }

  function clear() {
    steps.replaceChildren();
    tried.replaceChildren();
    hunks.replaceChildren();
    flags.replaceChildren();
    hunksBox.hidden = true;
    triedTitle.textContent = "Tried edits (live)";
    log.textContent = "";
    status.className = "";
  }

  /** @param {HostToWebview} m */
  function handle(m) {
    switch (m.type) {
      case "start":
        title.textContent = `Repairing ${m.scope ? `${m.scope} in ` : ""}${m.file}`;
        status.textContent = `Running (mode ${m.mode})…`;
        clear();
        /** @type {HTMLDetailsElement} */ ($("tried-box")).open = true;
        setBusy(true);
        break;
      case "progress": {
        const e = m.event;
        if (e.type === "start")
          status.textContent = `Initially ${e.initial.passed}/${e.initial.total} tests pass; searching…`;
        else if (e.type === "step") {
          log.textContent += `rollout ${e.rollout} turn ${e.turn}: ${e.step.command}  (${e.step.passed}/${e.step.total})\n`;
          tried.appendChild(renderStep(e.step, tried.children.length));
        } else if (e.type === "message") log.textContent += e.text + "\n";
        break;
      }
      case "search": {
        const e = m.event;
        status.textContent = `searching: ${e.testRuns}/${e.budget} test runs, best ${e.bestPassed}/${e.total} tests passing`;
        if (e.command) {
          const v = e.verdict;
          const li = el("li", "step tried");
          const head = el("div", "step-head");
          head.appendChild(
            el("span", "step-no", `Run ${e.testRuns}${e.depth && e.depth > 1 ? ` (edit ${e.depth})` : ""}`),
          );
          head.appendChild(el("code", "command", e.command));
          li.appendChild(head);
          li.appendChild(
            renderTests(
              v.passed,
              v.total,
              v.kind === "ok" ? undefined : /** @type {Verdict} */ ({ ...v, tests: [], ms: 0 }),
            ),
          );
          if (e.diff) li.appendChild(renderDiff(e.diff.split("\n")));
          tried.appendChild(li);
          while (tried.children.length > SHOW_TRIED) tried.firstChild?.remove();
          triedTitle.textContent = `Tried edits (live): ${e.testRuns - 1}`;
        } else if (e.probe) {
          // A generalisation probe's run (docs/probe.md): the fix just found, called on nearby inputs.
          const li = el("li", "step tried");
          const head = el("div", "step-head");
          head.appendChild(el("span", "step-no", `Run ${e.testRuns}`));
          head.appendChild(el("span", "probe", `probe: ${e.probe} (${e.verdict.passed}/${e.verdict.total} finished)`));
          li.appendChild(head);
          tried.appendChild(li);
          while (tried.children.length > SHOW_TRIED) tried.firstChild?.remove();
        }
        break;
      }
      case "result": {
        const { trace, initial } = m.result;
        const last = trace.steps[trace.steps.length - 1];
        const end = last ? `${last.passed}/${last.total}` : `${trace.initialPassed}/${trace.initialTotal}`;
        status.textContent = `${trace.solved ? "Solved" : "Not solved"}: ${initial.passed}/${initial.total} → ${end} tests pass in ${trace.steps.length} step(s), ${m.result.ms} ms (${m.result.model})`;
        status.className = trace.solved ? "solved" : "unsolved";
        showSteps(trace);
        /** @type {HTMLDetailsElement} */ ($("tried-box")).open = false;
        for (const f of m.result.flags) flags.appendChild(el("div", "flag", `⚠ ${f}`));
        hunks.replaceChildren(...m.hunks.map(renderHunk));
        hunksBox.hidden = m.hunks.length === 0;
        setBusy(false);
        accept.disabled = m.hunks.length === 0;
        diff.disabled = m.hunks.length === 0;
        accept.textContent = trace.solved ? "Accept All" : "Accept All anyway";
        if (!accept.disabled) accept.focus();
        break;
      }
      case "hunks":
        showDecisions(m.decisions);
        break;
      case "replay":
        clear();
        setBusy(false);
        discard.disabled = true;
        title.textContent = `Past repair: ${m.entry.file}`;
        status.textContent = `${m.entry.source} · ${new Date(m.entry.time).toLocaleString()} · ${m.entry.model} · ${m.trace.solved ? "solved" : "not solved"} in ${m.trace.steps.length} step(s)`;
        status.className = m.trace.solved ? "solved" : "unsolved";
        showSteps(m.trace);
        break;
      case "error":
        status.textContent = `Error: ${m.message}`;
        status.className = "unsolved";
        setBusy(false);
        break;
      case "cancelled":
        status.textContent = `Cancelled: the search stopped ${m.ms} ms after Cancel; the file was not changed.`;
        status.className = "";
        setBusy(false);
        break;
      case "accepted":
        status.textContent = `Applied to the file. ${m.detail}`;
        status.className = "solved";
        accept.disabled = true;
        discard.disabled = true;
        break;
      case "discarded":
        status.textContent = "Discarded: the file was not changed.";
        status.className = "";
        accept.disabled = true;
        discard.disabled = true;
        hunks.querySelectorAll("button").forEach((b) => (b.disabled = true));
        break;
    }
  }

  accept.addEventListener("click", () => {
    accept.disabled = true;
    send({ type: "accept" });
  });
  discard.addEventListener("click", () => send({ type: "discard" }));
  cancel.addEventListener("click", () => send({ type: "cancel" }));
  diff.addEventListener("click", () => send({ type: "openDiff" }));
  window.addEventListener("message", (event) => handle(/** @type {HostToWebview} */ (event.data)));
  send({ type: "ready" });
})();
