import type { CancellationToken } from "vscode-languageserver/node.js";

/** One running operation: its signal, and close() to call when it ends (however it ends). */
export interface AbortScope {
  signal: AbortSignal;
  close(): void;
}

/**
 * Bridges the two ways a client stops a long request to the engine's AbortSignal:
 *  - LSP cancellation ($/cancelRequest, surfaced as the handler's CancellationToken), and
 *  - coe/cancel {token}, for callers that only know the id they gave the operation (the review
 *    panel's Cancel button, the status bar, a test).
 * cancelAll() stops everything (shutdown).
 */
export class AbortScopes {
  private readonly byToken = new Map<string, AbortController>();
  private readonly all = new Set<AbortController>();

  open(token: string | undefined, lspToken?: CancellationToken): AbortScope {
    const controller = new AbortController();
    this.all.add(controller);
    if (token !== undefined) {
      this.byToken.get(token)?.abort();
      this.byToken.set(token, controller);
    }
    const listener = lspToken?.onCancellationRequested(() => controller.abort());
    if (lspToken?.isCancellationRequested) controller.abort();
    return {
      signal: controller.signal,
      close: () => {
        listener?.dispose();
        this.all.delete(controller);
        if (token !== undefined && this.byToken.get(token) === controller) this.byToken.delete(token);
      },
    };
  }

  /** Aborts the operation opened with `token`; false when none is running. */
  cancel(token: string): boolean {
    const controller = this.byToken.get(token);
    controller?.abort();
    return controller !== undefined;
  }

  cancelAll(): void {
    for (const c of this.all) c.abort();
  }
}
