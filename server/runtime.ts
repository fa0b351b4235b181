import type { Env } from "./env";

/**
 * What the custom server resolves at start and Next's bundled route handlers (next-auth) need too.
 * Those handlers are a separate module graph, so this lives on globalThis, like the database handle.
 */
export type Runtime = {
  env: Env;
  authSecret: string;
  /** Cookies are `__Secure-` prefixed when the app is served over https. */
  secureCookies: boolean;
};

type GlobalWithRuntime = typeof globalThis & { __xzRuntime?: Runtime };

export function setRuntime(runtime: Runtime): void {
  (globalThis as GlobalWithRuntime).__xzRuntime = runtime;
}

export function getRuntime(): Runtime {
  const runtime = (globalThis as GlobalWithRuntime).__xzRuntime;
  if (!runtime) throw new Error("Runtime not initialised: start the app through server/main.ts");
  return runtime;
}
