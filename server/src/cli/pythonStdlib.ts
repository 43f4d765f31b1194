import { execFile } from "node:child_process";
import { UsageError } from "./UsageError.js";

/** The standard library folder of the Python the verifier runs ($COE_PYTHON, else python3). */
export function pythonStdlib(): Promise<string> {
  const python = process.env.COE_PYTHON ?? "python3";
  return new Promise((resolve, reject) =>
    execFile(
      python,
      ["-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
      { timeout: 10_000 },
      (err, stdout) =>
        err
          ? reject(new UsageError(`cannot ask ${python} for its standard library (${err.message}); pass --corpus DIR`))
          : resolve(stdout.trim()),
    ),
  );
}
