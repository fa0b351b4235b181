/**
 * How long a stopping server may take before it exits anyway. Orchestrators (Docker, systemd,
 * Kubernetes) wait 10 s or more after SIGTERM before they kill; the bound is 5 s. Updates
 * are stored first, so what the deadline can cut short is closing sockets, derived data (links,
 * search index: put right at the section's next store) and the database connections.
 */
export const SHUTDOWN_DEADLINE_MS = 4500;

/**
 * On SIGTERM or SIGINT runs `close` once, then exits 0; exits 1 if `close` fails or has not
 * finished within `deadlineMs`. The one way the app (server/main.ts) and the test's collaboration
 * server process stop.
 */
export function exitOnSignals(close: () => Promise<void>, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, shutting down…`);
    setTimeout(() => {
      console.error(`Shutting down took over ${deadlineMs} ms; exiting now.`);
      process.exit(1);
    }, deadlineMs).unref();
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("Shutting down failed:", error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
