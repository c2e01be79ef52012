/** An attempt's signal: aborted by the caller's signal or by the attempt's own timeout. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** Whether the timeout (rather than the caller) aborted the attempt. */
  timedOut(): boolean;
  /** Stops the timeout only; the caller's signal still aborts (used once a stream is open). */
  clearTimeout(): void;
  /** Stops the timeout and forgets the caller's signal. */
  release(): void;
}

/**
 * Links the caller's signal (if any) and a timeout to one new signal. Works on every Node 20
 * release and browser (no `AbortSignal.any`).
 */
export function attemptSignal(caller: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = (): void => {
    controller.abort(caller?.reason);
  };
  if (caller !== undefined) {
    if (caller.aborted) controller.abort(caller.reason);
    else caller.addEventListener('abort', onCallerAbort, { once: true });
  }
  let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('attempt timed out', 'TimeoutError'));
  }, timeoutMs);
  const clear = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clearTimeout: clear,
    release: () => {
      clear();
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Settles like `promise`, or rejects with the signal's reason when it aborts first. */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error('non-Error rejection', { cause: error }));
      },
    );
  });
}

/** An `AbortError` carrying the signal's reason as cause. */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('the operation was aborted', 'AbortError');
}
