import { createHash } from "node:crypto";

/**
 * Splits record ids into train and held-out, seeded. A record's side depends only on its id and the
 * seed (a hash below `fraction`), so adding records never moves an old one across: a fix held back
 * from one round is never trained on by the next round with the same seed.
 */
export function holdOut(
  ids: readonly string[],
  options: { fraction: number; seed: number },
): { train: string[]; heldOut: string[] } {
  if (!(options.fraction >= 0 && options.fraction < 1)) throw new Error("the held-out fraction must be in [0, 1)");
  const train: string[] = [];
  const heldOut: string[] = [];
  for (const id of ids) {
    const h = createHash("sha256").update(`${options.seed}\0${id}`).digest().readUInt32BE(0) / 2 ** 32;
    (h < options.fraction ? heldOut : train).push(id);
  }
  return { train, heldOut };
}
