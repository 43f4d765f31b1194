/**
 * `coe model pull URI`: node-llama-cpp's downloader (ipull: parallel connections, resumes a partial
 * download left by a cancelled or failed run, skips a complete file) into the models folder.
 * URIs: hf:user/repo:QUANT, hf:user/repo/file.gguf, https://.../x.gguf.
 * No network (or no answer within `connectTimeoutMs`) is a PullOfflineError: one line for the user.
 */
import { createModelDownloader } from "node-llama-cpp";
import { mkdirSync } from "node:fs";

export class PullOfflineError extends Error {}
export class PullUriError extends Error {}

export interface PullProgress {
  totalBytes: number;
  downloadedBytes: number;
  bytesPerSecond: number;
}

export interface PullModelOptions {
  uri: string;
  dir: string;
  /** Resolving the URI (the manifest request) gives up after this long: offline. Default 20 s. */
  connectTimeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: PullProgress) => void;
}

const OFFLINE = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network/i;

/** Downloads the model; resolves to the GGUF's path (the entry file of a split model). */
export async function pullModel(options: PullModelOptions): Promise<string> {
  const { uri } = options;
  if (!/^(hf:|huggingface:|https?:\/\/)/.test(uri))
    throw new PullUriError(`cannot pull '${uri}': use hf:USER/REPO:QUANT, hf:USER/REPO/FILE.gguf or an https URL`);
  mkdirSync(options.dir, { recursive: true });
  const timeoutMs = options.connectTimeoutMs ?? 20_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PullOfflineError(`no answer from the model host within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    timer.unref();
  });
  try {
    const downloader = await Promise.race([
      createModelDownloader({
        modelUri: uri,
        dirPath: options.dir,
        deleteTempFileOnCancel: false, // keep the partial file: the next pull resumes it
        onProgress: (s) =>
          options.onProgress?.({
            totalBytes: s.totalSize,
            downloadedBytes: s.downloadedSize,
            bytesPerSecond: s.averageSpeed,
          }),
      }),
      timeout,
    ]);
    clearTimeout(timer);
    return await downloader.download({ signal: options.signal });
  } catch (err) {
    const message = (err as Error).message;
    if (err instanceof PullOfflineError) throw err;
    const offline = OFFLINE.exec(message) ?? OFFLINE.exec(String((err as Error).cause ?? ""));
    if (offline) throw new PullOfflineError(`cannot reach the model host: ${offline[0]}`, { cause: err });
    if (/Invalid .*URI|not found|404/i.test(message))
      throw new PullUriError(`cannot pull '${uri}': ${message.split("\n")[0]}`, { cause: err });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
