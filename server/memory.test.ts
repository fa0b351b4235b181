import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "./memory";

const root = path.resolve(import.meta.dirname, "..");

describe("the server's start commands", () => {
  it("pass the server's node flags, in `npm start` and in the container", () => {
    const start = (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.start!;
    const startArgs = start.split(/\s+/);
    const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync(path.join(root, "Dockerfile"), "utf8"))?.[1];
    expect(cmd).toBeDefined();
    const cmdArgs = JSON.parse(cmd!) as string[];
    expect(SERVER_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of SERVER_NODE_FLAGS) {
      // Before the script: after it they would be the script's arguments, not node's.
      expect(startArgs.indexOf(flag)).toBeGreaterThan(-1);
      expect(startArgs.indexOf(flag)).toBeLessThan(startArgs.indexOf("server/main.ts"));
      expect(cmdArgs.indexOf(flag)).toBeGreaterThan(-1);
      expect(cmdArgs.indexOf(flag)).toBeLessThan(cmdArgs.indexOf("server/main.ts"));
    }
  });

  it("are flags this node accepts", () => {
    for (const flag of SERVER_NODE_FLAGS) expect(process.allowedNodeEnvironmentFlags.has(flag.split("=")[0]!)).toBe(true);
  });
});
