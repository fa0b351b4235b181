/**
 * A process that stops through exitOnSignals (server/shutdown.ts), for its test. STOP_CLOSE_MS: how
 * long its close takes ("never": it never finishes); STOP_DEADLINE_MS: the deadline.
 */
import { exitOnSignals } from "@/server/shutdown";

const closeMs = process.env.STOP_CLOSE_MS ?? "0";
exitOnSignals(() => new Promise<void>((resolve) => {
  if (closeMs !== "never") setTimeout(resolve, Number(closeMs));
}), Number(process.env.STOP_DEADLINE_MS ?? 4500));
// Keeps the process alive until a signal, as a listening server does.
setInterval(() => undefined, 60_000);
process.stdout.write("ready\n");
