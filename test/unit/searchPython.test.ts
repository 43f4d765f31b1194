/**
 * searchRepair with the real PythonVerifier (sandboxed CPython): one-edit and two-edit repairs by
 * mutation, a mutation that hangs (an infinite loop costs one timeout, the search goes on), hidden
 * tests. Skipped when /usr/bin/python3 (or $COE_PYTHON) is missing.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { PythonVerifier } from "../../server/src/core/python/PythonVerifier.js";
import { MutationProposer } from "../../server/src/core/search/MutationProposer.js";
import { ModelProposer } from "../../server/src/core/search/ModelProposer.js";
import { searchRepair } from "../../server/src/core/search/searchRepair.js";
import type { TestSource } from "../../server/src/core/types.js";
import { TablePolicy } from "../helpers/searchFakes.js";

const python = process.env.COE_PYTHON ?? "/usr/bin/python3";
const skip = existsSync(python) ? false : `no Python at ${python}`;

describe("searchRepair with the real verifier", { skip }, () => {
  const verifier = skip ? undefined! : new PythonVerifier({ pythonPath: python, concurrency: 1 });
  after(() => verifier?.dispose());
  const snippets = (...s: string[]): TestSource => ({ kind: "snippets", snippets: s });

  it("repairs an off-by-one bug, led by coverage", async () => {
    const code = [
      "def count_up_to(n):",
      '    """Numbers 1..n inclusive."""',
      "    out = []",
      "    for i in range(1, n):",
      "        out.append(i)",
      "    return out",
      "",
    ].join("\n");
    const r = await searchRepair({
      code,
      verifier,
      proposers: [new MutationProposer()],
      budget: { verifications: 30 },
      timeoutMs: 2000,
      tests: snippets(
        "assert count_up_to(3) == [1, 2, 3]",
        "assert count_up_to(0) == []",
        "assert count_up_to(1) == [1]",
      ),
      hiddenTests: snippets("assert count_up_to(5) == [1, 2, 3, 4, 5]"),
    });
    assert.equal(r.stats.solved, true, JSON.stringify(r.stats));
    assert.equal(r.stats.solvedHidden, true);
    assert.match(r.trace.finalCode, /range\(1, n \+ 1\)/);
    assert.equal(r.trace.steps.at(-1)!.command, "EXIT");
  });

  it("repairs a bug that needs two edits", async () => {
    const code = ["def total(xs):", "    t = 1", "    for x in xs:", "        t -= x", "    return t", ""].join("\n");
    const r = await searchRepair({
      code,
      verifier,
      proposers: [new MutationProposer()],
      budget: { verifications: 60 },
      maxDepth: 2,
      timeoutMs: 2000,
      tests: snippets("assert total([1, 2]) == 3", "assert total([]) == 0", "assert total([5]) == 5"),
    });
    assert.equal(r.stats.solved, true, JSON.stringify(r.stats));
    assert.equal(r.trace.steps.length, 3);
    assert.equal(r.trace.finalCode, code.replace("t = 1", "t = 0").replace("t -= x", "t += x"));
  });

  it("a hanging candidate costs one timeout and the search goes on", async () => {
    const code = "def add(a, b):\n    return a - b\n";
    const policy = new TablePolicy({
      "": [
        ["ADDL 2 >>>    while True: pass", -0.1],
        ["REPW 2 >>>- >>>+", -2],
      ],
    });
    const t0 = Date.now();
    const r = await searchRepair({
      code,
      verifier,
      proposers: [new ModelProposer({ policy, samples: 2 })],
      budget: { verifications: 5 },
      timeoutMs: 1000,
      tests: snippets("assert add(1, 2) == 3"),
    });
    assert.equal(r.stats.solved, true);
    assert.equal(r.stats.timeouts, 1);
    assert.equal(r.stats.verifications, 3);
    assert.ok(Date.now() - t0 < 6000);
  });
});
