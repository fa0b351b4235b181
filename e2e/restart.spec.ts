import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD } from "./constants";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";

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
  server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { ...process.env, PORT: String(PORT), DATA_DIR, ADMIN_PASSWORD: E2E_ADMIN_PASSWORD, DEMO_PASSWORD: E2E_DEMO_PASSWORD, NODE_ENV: "production", DATABASE_URL: "", REDIS_URL: "" },
    stdio: "ignore",
  });
  await expect.poll(health, { timeout: 60_000, intervals: [250] }).toBe(200);
}

/** SIGTERM: the server writes every pending update and closes sockets with "server restarting". */
async function stopServer() {
  const running = server;
  server = null;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once("exit", resolve));
  running.kill("SIGTERM");
  await exited;
  expect(await health(), "the server is gone").toBe(0);
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

  // A fresh context (no local copy in IndexedDB) proves the text came from the server's database.
  const reader = await browser.newContext();
  const readerPage = await reader.newPage();
  await new LoginPage(readerPage).loginAs("leader1", E2E_DEMO_PASSWORD);
  const readerSection = new PlanPage(readerPage).section(SECTION);
  await readerSection.open();
  await expect(readerSection.body).toContainText(sentence);
  await reader.close();
});
