import { spreadLm, topIndices, type RankerFile } from "./LearnedRanker.js";
import { sampledBy, solvesGroup, type RankGroup } from "./RankGroup.js";
import { sampleGate, type SampleGateRow } from "./sampleGate.js";

/**
 * Fits a LearnedRanker on collected groups with a listwise loss: for each state, minus the log of the
 * probability mass softmax(w · x + lmWeight × lm) puts on its positives. Positives are the candidates
 * that fix the task (visible tests, and the hidden ones when held back: an over-fitted fix is a
 * negative); in a state with no single-edit fix, the candidates that raise the tests passing the most
 * (partial credit, a two-edit bug's first step) with weight `partialWeight`. Full-batch Adam with L2;
 * starts from the mutation order (weight 1 on logMass), so zero steps reproduce `mutate`, and the L2
 * penalty pulls towards that start: the stronger it is, the closer the ranker stays to the prior.
 */
export interface FitRankerOptions {
  groups: readonly RankGroup[];
  /** Fit the model term too (the groups must carry raw `lm`): its model's name and top-K. */
  lm?: { model: string; topK: number };
  /** The model whose samples are among the candidates (their features' weights apply to it only). */
  samples?: { model: string };
  /**
   * The model `init`'s sample weights were fitted for (its stamp), when `samples` names another model
   * trained from it by rounds (core/rounds/modelLineage): the weights, and init's skipped classes for
   * the classes these groups say too little about, are handed on to `samples.model`. Without it, init's
   * skipped classes carry over only to the model init is stamped for.
   */
  samplesFrom?: string;
  /** L2 penalty per weight, towards the start weights (default 0.01). */
  l2?: number;
  steps?: number;
  /** Adam step size (default 0.05). */
  lr?: number;
  /** Features seen on fewer candidates are left out (default 20). */
  minCount?: number;
  /** Start from (and let L2 pull towards) this ranker's weights instead of the mutation order: a
   *  round on new data (the user's own fixes) that stays close to the ranker it refines. */
  init?: RankerFile;
  /** Weight of a group whose positives are partial credit (default 0.3). */
  partialWeight?: number;
  onProgress?: (step: number, loss: number) => void;
}

export interface FitRankerResult {
  file: RankerFile;
  trainedOn: {
    candidates: number;
    groups: number;
    fixGroups: number;
    partialGroups: number;
    steps: number;
    loss: number;
    /** Where the samples paid, per failure class (sampleGate.ts): when the groups carry the model's samples. */
    sampleGate?: SampleGateRow[];
  };
}

/** A candidate's features, sparse: a handful of the ranker's features are non-zero. */
interface SparseX {
  idx: Int32Array;
  val: Float64Array;
}

interface Prepared {
  x: SparseX[];
  lm?: number[];
  pos: Set<number>;
  weight: number;
}

/** The positives of a group and its weight (undefined: nothing to learn from it). */
export function groupTargets(g: RankGroup, partialWeight = 0.3): { pos: Set<number>; weight: number } | undefined {
  const fixes = g.candidates.flatMap((c, i) => (solvesGroup(g, c) ? [i] : []));
  if (fixes.length > 0) return { pos: new Set(fixes), weight: 1 };
  // Partial credit short of a fix (an over-fitted fix, passing only the visible tests, is no target).
  const passed = g.candidates.map((c) => (c.kind === "ok" && c.passed < g.total ? c.passed : 0));
  const best = Math.max(g.rootPassed, ...passed);
  if (best <= g.rootPassed) return undefined;
  const partial = passed.flatMap((p, i) => (p === best ? [i] : []));
  return { pos: new Set(partial), weight: partialWeight };
}

/**
 * The code n-gram the groups' naturalness features came from (RankGroup.ngram): a ranker must be
 * used with the n-gram it was fitted with, so groups of different n-grams cannot be mixed.
 */
export function groupsNgram(groups: readonly RankGroup[], init?: RankerFile): string | undefined {
  const names = new Set(groups.flatMap((g) => (g.ngram ? [g.ngram] : [])));
  if (init?.ngram) names.add(init.ngram);
  if (names.size > 1)
    throw new Error(`the data mixes naturalness features of different code n-grams (${[...names].join(", ")})`);
  return [...names][0];
}

export function fitRanker(options: FitRankerOptions): FitRankerResult {
  if (options.samplesFrom !== undefined && (!options.samples || options.init?.samples?.model !== options.samplesFrom))
    throw new Error(
      `samplesFrom ${options.samplesFrom}: needs the model the weights go to (samples) and an init ranker stamped for ${options.samplesFrom} (it is stamped for ${options.init?.samples?.model ?? "none"})`,
    );
  const ngram = groupsNgram(options.groups, options.init);
  const l2 = options.l2 ?? 0.01;
  const steps = options.steps ?? 300;
  const lr = options.lr ?? 0.05;
  const counts = new Map<string, number>();
  for (const g of options.groups)
    for (const c of g.candidates) for (const f in c.x) counts.set(f, (counts.get(f) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= (options.minCount ?? 20)).map(([f]) => f);
  const features = [...new Set([...kept, ...(options.init?.features ?? [])])].sort();
  const index = new Map(features.map((f, i) => [f, i]));
  const d = features.length;
  const data: Prepared[] = [];
  let partialGroups = 0;
  let candidates = 0;
  for (const g of options.groups) {
    const t = groupTargets(g, options.partialWeight);
    if (!t || g.candidates.length < 2) continue;
    if (t.weight < 1) partialGroups++;
    candidates += g.candidates.length;
    data.push({
      x: g.candidates.map((c) => {
        const idx: number[] = [];
        const val: number[] = [];
        for (const f in c.x) {
          const i = index.get(f);
          if (i === undefined || c.x[f] === 0) continue;
          idx.push(i);
          val.push(c.x[f]!);
        }
        return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
      }),
      ...(options.lm ? { lm: g.candidates.map((c) => c.lm ?? -1e9) } : {}),
      ...t,
    });
  }
  // Parameters: w (d) and, with the model term, its weight (kept ≥ 0) last.
  const n = d + (options.lm ? 1 : 0);
  const w = new Float64Array(n);
  if (options.init) options.init.features.forEach((f, i) => (w[index.get(f)!] = options.init!.weights[i]!));
  else if (index.has("logMass")) w[index.get("logMass")!] = 1;
  if (options.lm) w[d] = options.init?.lm?.weight ?? 0.1;
  // L2 pulls towards the start (the mutation order), not towards 0: a strong penalty keeps the prior.
  const w0 = Float64Array.from(w);
  const m = new Float64Array(n);
  const v = new Float64Array(n);
  let loss = 0;
  const totalWeight = data.reduce((s, p) => s + p.weight, 0) || 1;
  for (let step = 1; step <= steps; step++) {
    const grad = new Float64Array(n);
    loss = 0;
    for (const p of data) {
      const lin = p.x.map((x) => x.idx.reduce((s, i, k) => s + x.val[k]! * w[i]!, 0));
      const lm = p.lm && options.lm ? lmTerm(p.lm, lin, options.lm.topK) : undefined;
      const s = lin.map((z, i) => z + (lm ? w[d]! * lm[i]! : 0));
      const max = Math.max(...s);
      const e = s.map((z) => Math.exp(z - max));
      const z = e.reduce((a, b) => a + b, 0);
      const pPos = [...p.pos].reduce((a, i) => a + e[i]!, 0);
      loss += (p.weight * -Math.log(Math.max(pPos / z, 1e-300))) / totalWeight;
      for (let c = 0; c < s.length; c++) {
        // d loss / d s_c = softmax_c − (softmax restricted to the positives)_c
        const g = (p.weight * (e[c]! / z - (p.pos.has(c) ? e[c]! / pPos : 0))) / totalWeight;
        if (g === 0) continue;
        const x = p.x[c]!;
        for (let k = 0; k < x.idx.length; k++) grad[x.idx[k]!] = grad[x.idx[k]!]! + g * x.val[k]!;
        if (lm) grad[d] = grad[d]! + g * lm[c]!;
      }
    }
    for (let i = 0; i < n; i++) {
      const gi = grad[i]! + l2 * (w[i]! - w0[i]!);
      m[i] = 0.9 * m[i]! + 0.1 * gi;
      v[i] = 0.999 * v[i]! + 0.001 * gi * gi;
      w[i] = w[i]! - (lr * (m[i]! / (1 - 0.9 ** step))) / (Math.sqrt(v[i]! / (1 - 0.999 ** step)) + 1e-8);
    }
    if (options.lm) w[d] = Math.max(0, w[d]!);
    if (step === 1 || step % 50 === 0 || step === steps) options.onProgress?.(step, loss);
  }
  const file: RankerFile = {
    format: "coe-ranker/1",
    features,
    weights: [...w.slice(0, d)].map((x) => Number(x.toFixed(5))),
    ...(options.lm ? { lm: { weight: Number(w[d]!.toFixed(5)), topK: options.lm.topK, model: options.lm.model } } : {}),
    ...(ngram ? { ngram } : {}),
  };
  // A round from an earlier ranker keeps the model its sample weights belong to (or hands them on to a
  // model trained from it: samplesFrom), and its gate for the classes the new groups say too little about.
  const stamp = options.samples ?? options.init?.samples;
  let gate: ReturnType<typeof sampleGate> | undefined;
  if (stamp) {
    const from = options.init?.samples?.model;
    const inherits = from === stamp.model || (options.samplesFrom !== undefined && from === options.samplesFrom);
    const previous = inherits ? options.init?.samples?.skip : undefined;
    const sampled = options.groups.filter((g) => sampledBy(g) === stamp.model);
    gate = sampled.length > 0 ? sampleGate({ groups: sampled, file, ...(previous ? { previous } : {}) }) : undefined;
    const skip = gate ? gate.skip : previous;
    file.samples = { model: stamp.model, ...(skip && skip.length > 0 ? { skip } : {}) };
  }
  return {
    file,
    trainedOn: {
      candidates,
      groups: data.length,
      fixGroups: data.length - partialGroups,
      partialGroups,
      steps,
      loss: Number(loss.toFixed(4)),
      ...(gate ? { sampleGate: gate.rows } : {}),
    },
  };
}

/** lm(c) as the search computes it: the raw log-likelihoods log-softmaxed over the top-K by w · x. */
export function lmTerm(raw: readonly number[], linear: readonly number[], topK: number): number[] {
  const top = topIndices(linear, topK);
  return spreadLm(
    raw.length,
    top,
    top.map((i) => raw[i]!),
  );
}
