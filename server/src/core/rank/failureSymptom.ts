import type { Verdict } from "../types.js";

/**
 * How a wrong value differs from the expected one, in one word, for the learned ranker (rankFeatures):
 * "off1" (a number off by one), "sign", "zero", "near" (a number within half of the expected),
 * "len1" (a string or sequence one item too long or short), "reversed", "perm" (the same items in
 * another order), "empty", "elems" (same length, other items), "type", else "other". Crossed with the
 * operator family it lets the ranker learn e.g. that an off-by-one value is fixed at a range bound.
 * Computed from the repr strings of TestResult.got/want (the judge's values), never by running code.
 */
export type PyValue = number | string | boolean | null | PyValue[];

/** Parses the repr of a plain Python value (numbers, str, bool, None, list, tuple); undefined otherwise. */
export function parsePyRepr(text: string): PyValue | undefined {
  let i = 0;
  const s = text.trim();
  const ws = (): void => {
    while (s[i] === " ") i++;
  };
  const value = (): PyValue => {
    ws();
    const c = s[i];
    if (c === "[" || c === "(") {
      const close = c === "[" ? "]" : ")";
      i++;
      const items: PyValue[] = [];
      ws();
      while (s[i] !== close) {
        items.push(value());
        ws();
        if (s[i] === ",") i++;
        else if (s[i] !== close) throw new Error("bad sequence");
        ws();
      }
      i++;
      return items;
    }
    if (c === "'" || c === '"') {
      let out = "";
      i++;
      while (i < s.length && s[i] !== c) {
        if (s[i] === "\\") i++;
        out += s[i++] ?? "";
      }
      if (s[i++] !== c) throw new Error("unterminated string");
      return out;
    }
    const m = /^(True|False|None|-?(?:\d+\.?\d*(?:e[-+]?\d+)?|inf)|nan)/.exec(s.slice(i));
    if (!m) throw new Error("not a plain value");
    i += m[0].length;
    if (m[0] === "True" || m[0] === "False") return m[0] === "True";
    if (m[0] === "None") return null;
    return Number(m[0].replace("inf", "Infinity").replace("nan", "NaN"));
  };
  try {
    const v = value();
    ws();
    return i === s.length ? v : undefined;
  } catch {
    return undefined;
  }
}

const key = (v: PyValue): string => JSON.stringify(v);
const items = (v: PyValue): PyValue[] | undefined =>
  Array.isArray(v) ? v : typeof v === "string" ? [...v] : undefined;

/** The symptom of one failing test (undefined when either value is missing or not plain). */
export function valueSymptom(got: string, want: string): string | undefined {
  const g = parsePyRepr(got);
  const w = parsePyRepr(want);
  if (g === undefined || w === undefined || g === null || w === null) return undefined;
  if (typeof g === "number" && typeof w === "number") {
    const d = g - w;
    if (Math.abs(d) === 1) return "off1";
    if (w !== 0 && g === -w) return "sign";
    if (g === 0) return "zero";
    if (w !== 0 && Math.abs(d) <= Math.abs(w) / 2) return "near";
    return "other";
  }
  const gi = items(g);
  const wi = items(w);
  if (!gi || !wi || typeof g !== typeof w) return "type";
  if (gi.length === 0 && wi.length > 0) return "empty";
  if (Math.abs(gi.length - wi.length) === 1) return "len1";
  if (gi.length === wi.length) {
    if (key([...gi].reverse()) === key(wi)) return "reversed";
    const sorted = (xs: PyValue[]): string => xs.map(key).sort().join(",");
    return sorted(gi) === sorted(wi) ? "perm" : "elems";
  }
  return "other";
}

/** The symptom most failing tests of a state share (ties: alphabetical), or undefined. */
export function failureSymptom(verdict: Pick<Verdict, "tests">): string | undefined {
  const votes = new Map<string, number>();
  for (const t of verdict.tests) {
    if (t.status === "pass" || t.got === undefined || t.want === undefined) continue;
    const s = valueSymptom(t.got, t.want);
    if (s) votes.set(s, (votes.get(s) ?? 0) + 1);
  }
  return [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
