/**
 * A metadata-only GGUF reader: the key/value pairs and tensor descriptors at the start of a file,
 * read in chunks (never the weights). Hand-written on purpose: the model list runs in the CJS language
 * server, which cannot load node-llama-cpp (ESM, top-level await) synchronously, only core/model may
 * load node-llama-cpp, and no maintained GGUF package is installed here. Large arrays (the vocabulary)
 * are skipped and kept only as their length. Format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
 */
import { open, type FileHandle } from "node:fs/promises";

export type GgufValue = string | number | bigint | boolean | { arrayLength: number; items?: GgufValue[] };

export interface GgufTensorDescriptor {
  name: string;
  dims: number[];
  /** ggml type id (0 F32, 1 F16, 8 Q8_0, 12 Q4_K, ...). */
  type: number;
}

export interface GgufHeader {
  version: number;
  metadata: Record<string, GgufValue>;
  tensors: GgufTensorDescriptor[];
}

/** Arrays longer than this keep only their length. */
const MAX_KEPT_ARRAY = 64;
const CHUNK = 1 << 20;
const FIXED_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

class ChunkReader {
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  pos = 0;
  constructor(
    private readonly fh: FileHandle,
    private readonly size: number,
  ) {}

  async need(n: number): Promise<Buffer> {
    if (this.pos + n > this.size) throw new Error(`unexpected end of file at byte ${this.pos}`);
    if (this.pos < this.bufStart || this.pos + n > this.bufStart + this.buf.length) {
      const len = Math.min(Math.max(n, CHUNK), this.size - this.pos);
      const b = Buffer.alloc(len);
      await this.fh.read(b, 0, len, this.pos);
      this.buf = b;
      this.bufStart = this.pos;
    }
    const at = this.pos - this.bufStart;
    this.pos += n;
    return this.buf.subarray(at, at + n);
  }

  async u32(): Promise<number> {
    return (await this.need(4)).readUInt32LE(0);
  }
  async u64(): Promise<number> {
    const v = (await this.need(8)).readBigUInt64LE(0);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`a length of ${v} is not plausible`);
    return Number(v);
  }
  /** Skips n strings, without an await while they lie in the buffer (vocabularies hold 150k of them). */
  async skipStrings(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const at = this.pos - this.bufStart;
      if (at >= 0 && at + 8 <= this.buf.length) {
        const len = Number(this.buf.readBigUInt64LE(at));
        if (at + 8 + len <= this.buf.length) {
          this.pos += 8 + len;
          continue;
        }
      }
      await this.need(await this.u64());
    }
  }

  async str(): Promise<string> {
    const len = await this.u64();
    return (await this.need(len)).toString("utf8");
  }
}

async function readScalar(r: ChunkReader, type: number): Promise<GgufValue> {
  switch (type) {
    case 0: return (await r.need(1)).readUInt8(0);
    case 1: return (await r.need(1)).readInt8(0);
    case 2: return (await r.need(2)).readUInt16LE(0);
    case 3: return (await r.need(2)).readInt16LE(0);
    case 4: return r.u32();
    case 5: return (await r.need(4)).readInt32LE(0);
    case 6: return (await r.need(4)).readFloatLE(0);
    case 7: return (await r.need(1)).readUInt8(0) !== 0;
    case 8: return r.str();
    case 10: return (await r.need(8)).readBigUInt64LE(0);
    case 11: return (await r.need(8)).readBigInt64LE(0);
    case 12: return (await r.need(8)).readDoubleLE(0);
    default: throw new Error(`unknown GGUF value type ${type} at byte ${r.pos}`);
  }
}

async function readValue(r: ChunkReader, type: number): Promise<GgufValue> {
  if (type !== 9) return readScalar(r, type);
  const itemType = await r.u32();
  const n = await r.u64();
  if (n > MAX_KEPT_ARRAY) {
    const size = FIXED_SIZE[itemType];
    if (size !== undefined) r.pos += n * size;
    else if (itemType === 8) await r.skipStrings(n);
    else for (let i = 0; i < n; i++) await readValue(r, itemType);
    return { arrayLength: n };
  }
  const items: GgufValue[] = [];
  for (let i = 0; i < n; i++) items.push(await readValue(r, itemType));
  return { arrayLength: n, items };
}

/** Reads the header of a GGUF file; a file that is not one is an Error naming the path and the problem. */
export async function readGgufHeader(path: string): Promise<GgufHeader> {
  const fh = await open(path, "r");
  try {
    const { size } = await fh.stat();
    const r = new ChunkReader(fh, size);
    if (size < 24 || (await r.need(4)).toString("latin1") !== "GGUF")
      throw new Error(`not a GGUF file (bad magic): ${path}`);
    const version = await r.u32();
    if (version < 2 || version > 3) throw new Error(`unsupported GGUF version ${version}: ${path}`);
    const tensorCount = await r.u64();
    const kvCount = await r.u64();
    const metadata: Record<string, GgufValue> = {};
    try {
      for (let i = 0; i < kvCount; i++) {
        const key = await r.str();
        metadata[key] = await readValue(r, await r.u32());
      }
      const tensors: GgufTensorDescriptor[] = [];
      for (let i = 0; i < tensorCount; i++) {
        const name = await r.str();
        const nd = await r.u32();
        const dims: number[] = [];
        for (let d = 0; d < nd; d++) dims.push(await r.u64());
        const type = await r.u32();
        await r.u64(); // offset
        tensors.push({ name, dims, type });
      }
      return { version, metadata, tensors };
    } catch (err) {
      throw new Error(`corrupt GGUF header in ${path}: ${(err as Error).message}`, { cause: err });
    }
  } finally {
    await fh.close();
  }
}
