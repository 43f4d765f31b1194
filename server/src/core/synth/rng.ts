/**
 * A small seeded pseudo-random generator (mulberry32). Everything synthetic (corruptions, demo
 * variants, property tests) draws from one of these so that the same seed gives the same data on
 * every machine and Node version; Math.random is never used.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
}

const FNV_OFFSET = 0x811c9dc5;
const fnvStep = (h: number, byte: number): number => Math.imul(h ^ byte, 0x01000193) >>> 0;

/** FNV-1a (32-bit) of a text's UTF-8 bytes: stable across machines and Node versions. */
export function fnv1a(text: string): number {
  let h = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) h = fnvStep(h, byte);
  return h;
}

/** murmur3's final avalanche: spreads a hash's bits over all 32. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes several integers (a seed, a task id, a variant number) into one 32-bit seed. */
export function mixSeed(...parts: number[]): number {
  let h = FNV_OFFSET;
  for (const p of parts) {
    // FNV-1a over the 4 bytes of each part, then a final avalanche (murmur3 fmix32).
    let v = Math.floor(p) >>> 0;
    for (let i = 0; i < 4; i++) {
      h = fnvStep(h, v & 0xff);
      v >>>= 8;
    }
  }
  return fmix32(h);
}

export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error("pick from an empty list");
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (p) => next() < p,
  };
}
