/** Bad input from the user: the CLI prints the one-line message and exits with code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
