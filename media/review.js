// @ts-check
/**
 * The review panel's webview script (no framework, no CDN: the CSP allows only this file).
 * It renders what the host sends (extension/src/reviewMessages.ts): each step of the repair as its
 * DSL command, the tests after it ("3/3 tests pass", failing test names) and its unified diff drawn
 * as coloured lines. Buttons post accept / discard / cancel back to the host.
 *
 * @typedef {import("../extension/src/reviewMessages").HostToWebview} HostToWebview
 * @typedef {import("../extension/src/reviewMessages").WebviewToHost} WebviewToHost
 * @typedef {import("../server/src/core/types").TraceStep} TraceStep
 * @typedef {import("../server/src/core/types").Verdict} Verdict
 */
(function () {
  // @ts-expect-error acquireVsCodeApi is injected by VS Code into webviews.
  const vscode = acquireVsCodeApi();
  /** @param {WebviewToHost} message */
  const send = (message) => vscode.postMessage(message);
  const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
  const title = $("title"),
    status = $("status"),
    steps = $("steps"),
    log = $("log"),
    flags = $("flags");
  const accept = /** @type {HTMLButtonElement} */ ($("accept"));
  const discard = /** @type {HTMLButtonElement} */ ($("discard"));
  const cancel = /** @type {HTMLButtonElement} */ ($("cancel"));

  /** @param {string} tag @param {string} [cls] @param {string} [text] */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** A unified diff as coloured lines (file headers dropped). @param {string} diff */
  function renderDiff(diff) {
    const pre = el("pre", "diff");
    for (const line of diff.split("\n")) {
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
    if (step.diff) li.appendChild(renderDiff(step.diff));
    else li.appendChild(el("div", "nodiff", step.command === "EXIT" ? "(done)" : "(no change)"));
    return li;
  }

  function setBusy(/** @type {boolean} */ busy) {
    cancel.hidden = !busy;
    accept.disabled = true;
    discard.disabled = busy;
  }

  /** @param {HostToWebview} m */
  function handle(m) {
    switch (m.type) {
      case "start":
        title.textContent = `Repairing ${m.file}`;
        status.textContent = `Running (mode ${m.mode})…`;
        steps.replaceChildren();
        flags.replaceChildren();
        log.textContent = "";
        setBusy(true);
        break;
      case "progress": {
        const e = m.event;
        if (e.type === "start")
          status.textContent = `Initially ${e.initial.passed}/${e.initial.total} tests pass; searching…`;
        else if (e.type === "step")
          log.textContent += `rollout ${e.rollout} turn ${e.turn}: ${e.step.command}  (${e.step.passed}/${e.step.total})\n`;
        else if (e.type === "message") log.textContent += e.text + "\n";
        break;
      }
      case "search": {
        const e = m.event;
        status.textContent = `searching: ${e.testRuns}/${e.budget} test runs, best ${e.bestPassed}/${e.total} tests passing`;
        if (e.command) {
          const v = e.verdict;
          log.textContent += `${e.testRuns}/${e.budget} ${e.command} -> ${v.kind === "ok" ? `${v.passed}/${v.total}` : v.kind}\n`;
        }
        break;
      }
      case "result": {
        const { trace, initial } = m.result;
        const last = trace.steps[trace.steps.length - 1];
        const end = last ? `${last.passed}/${last.total}` : `${trace.initialPassed}/${trace.initialTotal}`;
        status.textContent = `${trace.solved ? "Solved" : "Not solved"}: ${initial.passed}/${initial.total} → ${end} tests pass in ${trace.steps.length} step(s), ${m.result.ms} ms (${m.result.model})`;
        status.className = trace.solved ? "solved" : "unsolved";
        steps.replaceChildren(...trace.steps.map(renderStep));
        for (const f of m.result.flags) flags.appendChild(el("div", "flag", `⚠ ${f}`));
        setBusy(false);
        accept.disabled = trace.finalCode === trace.initialCode;
        accept.textContent = trace.solved ? "Accept" : "Accept anyway";
        if (!accept.disabled) accept.focus();
        break;
      }
      case "error":
        status.textContent = `Error: ${m.message}`;
        status.className = "unsolved";
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
        break;
    }
  }

  accept.addEventListener("click", () => {
    accept.disabled = true;
    send({ type: "accept" });
  });
  discard.addEventListener("click", () => send({ type: "discard" }));
  cancel.addEventListener("click", () => send({ type: "cancel" }));
  window.addEventListener("message", (event) => handle(/** @type {HostToWebview} */ (event.data)));
  send({ type: "ready" });
})();
