import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { type Browser, expect, test } from "@playwright/test";
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD } from "./constants";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";
import { SERVER_NODE_FLAGS } from "../server/memory";

/** This spec restarts a server, so it runs its own instance (port and data folder) beside the shared one. */
const PORT = 3321;
const BASE_URL = `http://localhost:${PORT}`;
const DATA_DIR = ".data/e2e-restart";
const SECTION = "强化产业升级";

let server: ChildProcess | null = null;

const health = async () => (await fetch(`${BASE_URL}/api/health`).catch(() => null))?.status ?? 0;

async function startServer() {
  // Nothing may answer yet: otherwise this test would talk to a stale server, not a restarted one.
  expect(await health(), `port ${PORT} is already in use`).toBe(0);
  // Node itself (with tsx as a loader), not npx, so that signals reach the server process.
  server = spawn(process.execPath, [...SERVER_NODE_FLAGS, "--import", "tsx", "server/main.ts"], {
    env: { ...process.env, PORT: String(PORT), DATA_DIR, ADMIN_PASSWORD: E2E_ADMIN_PASSWORD, DEMO_PASSWORD: E2E_DEMO_PASSWORD, NODE_ENV: "production", DATABASE_URL: "", REDIS_URL: "" },
    stdio: "ignore",
  });
  await expect.poll(health, { timeout: 60_000, intervals: [250] }).toBe(200);
}

/**
 * SIGTERM: the server writes every pending update, closes sockets with "server restarting" and
 * exits. Returns how long it took, and its exit code.
 */
async function stopServer(): Promise<{ ms: number; code: number | null }> {
  const running = server;
  server = null;
  if (!running || running.exitCode !== null) return { ms: 0, code: running?.exitCode ?? null };
  const exited = new Promise<number | null>((resolve) => running.once("exit", (code) => resolve(code)));
  const signalled = performance.now();
  running.kill("SIGTERM");
  const code = await exited;
  const ms = performance.now() - signalled;
  expect(await health(), "the server is gone").toBe(0);
  return { ms, code };
}

/** A fresh context (no local copy in IndexedDB) sees the text: it came from the server's database. */
async function expectStored(browser: Browser, text: string) {
  const reader = await browser.newContext();
  const readerPage = await reader.newPage();
  await new LoginPage(readerPage).loginAs("leader1", E2E_DEMO_PASSWORD);
  const readerSection = new PlanPage(readerPage).section(SECTION);
  await readerSection.open();
  await expect(readerSection.body).toContainText(text);
  await reader.close();
}

test.use({ baseURL: BASE_URL });

test.beforeAll(async () => {
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  await startServer();
});

test.afterAll(async () => {
  await stopServer();
});

test("text confirmed as 已保存 is there after the server restarts", async ({ page, browser }) => {
  await new LoginPage(page).loginAs("gxj", E2E_DEMO_PASSWORD);
  const section = new PlanPage(page).section(SECTION);
  await section.open();
  const sentence = `重启前写入的一句（${Date.now()}）。`;
  await section.typeAtEnd(sentence);
  await expect(section.saveStatus).toHaveText("已保存");

  await stopServer();
  await startServer();

  await expectStored(browser, sentence);
});

test("while the server is away: 离线 with the count of unsynced edits, a warning on closing the tab, and the edits saved once it is back", async ({ page, browser }) => {
  await new LoginPage(page).loginAs("gxj", E2E_DEMO_PASSWORD);
  const section = new PlanPage(page).section(SECTION);
  await section.open();
  await section.typeAtEnd(`停机前的一句（${Date.now()}）。`);
  await expect(section.saveStatus).toHaveText("已保存");

  // The real entry point (server/main.ts) stops on SIGTERM within 5 s, cleanly.
  const stopped = await stopServer();
  expect(stopped.code).toBe(0);
  expect(stopped.ms).toBeLessThan(5000);
  await expect(section.saveStatus).toHaveText("离线");

  const offline = `服务器停机时写的一句（${Date.now()}）。`;
  await section.typeAtEnd(offline);
  await expect(section.saveStatus).toHaveText(/^离线 · \d+ 处修改未同步$/);

  // Leaving the page now would lose nothing (the local copy keeps it), but the browser asks first.
  const asked = new Promise<string>((resolve) => page.once("dialog", (dialog) => void dialog.dismiss().then(() => resolve(dialog.type()))));
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe("beforeunload");
  expect(page.isClosed()).toBe(false);

  await startServer();
  await expect(section.saveStatus).toHaveText("已保存", { timeout: 30_000 });
  await expectStored(browser, offline);
});
