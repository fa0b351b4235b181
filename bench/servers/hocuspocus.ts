/**
 * Reference 1: @hocuspocus/server as installed from npm, default configuration (no extensions, so
 * no persistence; debounce 2000 ms / maxDebounce 10000 ms, 30 s ping timeout, unloadImmediately).
 * Only the bind address (loopback), the port (chosen by the runner) and `quiet` (no start banner) are set.
 */
import { Server } from "@hocuspocus/server";
import { reportFailure, reportReady, requirePort } from "./report";

async function main() {
  const port = requirePort();
  const server = new Server({ port, address: "127.0.0.1", quiet: true });
  await server.listen();
  reportReady(port, { version: "3.4.4" });
}

main().catch(reportFailure);
