/**
 * Reference 2: the y-websocket reference server, @y/websocket-server 0.1.1 (yjs 13) as installed
 * from npm: its own bin script src/server.js (HOST/PORT from the environment, no YPERSISTENCE so no
 * persistence, its bundled ws 6). The document name is the URL path.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { reportFailure, reportReady, requirePort } from "./report";

async function main() {
  const port = requirePort();
  process.env.HOST = "127.0.0.1";
  process.env.PORT = String(port);
  delete process.env.YPERSISTENCE;
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve("@y/websocket-server/package.json");
  const script = path.join(path.dirname(packageJson), "src", "server.js");
  // The bin script starts listening on import and logs "running at …" once it does.
  await import(pathToFileURL(script).href);
  await waitForPort(port);
  reportReady(port, { version: require("@y/websocket-server/package.json").version });
}

async function waitForPort(port: number) {
  const net = await import("node:net");
  for (let attempt = 0; attempt < 200; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("y-websocket server did not listen");
}

main().catch(reportFailure);
