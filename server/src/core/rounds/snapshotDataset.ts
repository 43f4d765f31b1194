import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

/**
 * A reference to the dataset as a round saw it. The dataset file is append-only JSON Lines, so its
 * first `bytes` bytes (hash `sha256`) are exactly the records the round used, now and later.
 */
export interface DataSnapshot {
  /** The dataset's repairs.jsonl (absolute), or "" when the round used none. */
  file: string;
  bytes: number;
  sha256: string;
  records: number;
  /** Ids of the records held back for the promotion check (never trained on). */
  heldOut: string[];
  heldOutFraction: number;
  seed: number;
}

/** Hashes the dataset file as it is now (a missing file is an empty snapshot). */
export async function snapshotDataset(file: string): Promise<Pick<DataSnapshot, "file" | "bytes" | "sha256">> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    bytes = Buffer.alloc(0);
  }
  return { file, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
}
