import { closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";

/**
 * Appends one line (without its "\n") to a JSON Lines file, creating the file if needed. When the file
 * does not end in "\n" (an interrupted append tore its last line) the new line starts with one, so it
 * is never glued onto the torn line and skipped with it by the next read. DatasetStore.append does the
 * same, under a lock and with fsync, for the dataset.
 */
export function appendLineSync(file: string, line: string): void {
  const fd = openSync(file, "a+");
  try {
    const { size } = fstatSync(fd);
    let prefix = "";
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = "\n";
    }
    writeSync(fd, prefix + line + "\n");
  } finally {
    closeSync(fd);
  }
}
