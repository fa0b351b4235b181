import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const fixture = path.join(import.meta.dirname, "testing", "stop-fixture.ts");

/** Starts the fixture, sends SIGTERM once it is ready, and reports how it exited and how long that took. */
async function stopWith(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", fixture], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", () => output.includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`exited with ${code} before it was ready: ${output}`)));
  });
  const signalled = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    child.once("exit", (exitCode) => resolve(exitCode));
    child.kill("SIGTERM");
  });
  return { code, ms: performance.now() - signalled, output };
}

describe("stopping on SIGTERM", () => {
  it("exits 0 once the close is done", async () => {
    const { code, ms, output } = await stopWith({ STOP_CLOSE_MS: "200", STOP_DEADLINE_MS: "3000" });
    expect(code).toBe(0);
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(output).toContain("Received SIGTERM, shutting down");
  });

  it("exits 1 at the deadline when the close hangs, saying so", async () => {
    const { code, ms, output } = await stopWith({ STOP_CLOSE_MS: "never", STOP_DEADLINE_MS: "500" });
    expect(code).toBe(1);
    expect(ms).toBeGreaterThanOrEqual(490);
    expect(ms).toBeLessThan(3000);
    expect(output).toContain("Shutting down took over 500 ms");
  });
});
