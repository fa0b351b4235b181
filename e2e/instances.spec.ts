import { type ChildProcess, spawn } from "node:child_process";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD } from "./constants";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";

/**
 * Two app instances (processes) on one PostgreSQL database and one Redis, each on its own port,
 * as behind a load balancer without sticky sessions: two people, each on another instance,
 * co-edit one section. Uses the PostgreSQL server of TEST_DATABASE_URL (else the machine's) for a
 * fresh database, and the Redis at 127.0.0.1:6379 (TEST_REDIS_URL) with a prefix of its own.
 */
const POSTGRES = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const REDIS = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";
const PORTS = [3331, 3332];
const SECTION = "强化产业升级";
const database = `xz_e2e_${Date.now()}`;
const servers: ChildProcess[] = [];

const health = async (port: number) => (await fetch(`http://localhost:${port}/api/health`).catch(() => null))?.status ?? 0;

function databaseUrl() {
  const url = new URL(POSTGRES);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: POSTGRES });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function startInstance(port: number) {
  expect(await health(port), `port ${port} is already in use`).toBe(0);
  const server = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl(),
      REDIS_URL: REDIS,
      REDIS_PREFIX: `${database}:`,
      AUTH_SECRET: "e2e-two-instances-secret-e2e-two-instances-secret",
      ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      DEMO_PASSWORD: E2E_DEMO_PASSWORD,
      DATA_DIR: `.data/${database}`,
    },
    stdio: "ignore",
  });
  servers.push(server);
  await expect.poll(() => health(port), { timeout: 90_000, intervals: [250] }).toBe(200);
  const body = (await (await fetch(`http://localhost:${port}/api/health`)).json()) as { db: string; redis: boolean; redisState: string };
  expect(body).toMatchObject({ ok: true, db: "postgres", redis: true, redisState: "connected" });
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  await admin(`CREATE DATABASE ${database}`);
  // The first instance migrates and seeds; the second finds it done.
  for (const port of PORTS) await startInstance(port);
});

test.afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise((resolve) => {
          if (server.exitCode !== null) return resolve(undefined);
          server.once("exit", resolve);
          server.kill("SIGTERM");
        }),
    ),
  );
  await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
});

test("two people on two instances co-edit one section: text, carets and saved state cross instances", async ({ browser }) => {
  const contexts = await Promise.all(PORTS.map((port) => browser.newContext({ baseURL: `http://localhost:${port}` })));
  const [onA, onB] = await Promise.all(contexts.map((context) => context.newPage()));
  await new LoginPage(onA!).loginAs("gxj", E2E_DEMO_PASSWORD);
  await new LoginPage(onB!).loginAs("admin", E2E_ADMIN_PASSWORD);
  expect(new URL(onA!.url()).port).toBe(String(PORTS[0]));
  expect(new URL(onB!.url()).port).toBe(String(PORTS[1]));
  const sectionA = new PlanPage(onA!).section(SECTION);
  const sectionB = new PlanPage(onB!).section(SECTION);
  await sectionA.open();
  await sectionB.open();

  await sectionA.typeAtEnd("实例A上的工信局编辑写下这一句。");
  await expect(sectionB.body).toContainText("实例A上的工信局编辑写下这一句。");
  await sectionB.typeAtEnd("实例B上的管理员补充这一句。");
  await expect(sectionA.body).toContainText("实例B上的管理员补充这一句。");
  await expect(sectionA.saveStatus).toHaveText("已保存");
  await expect(sectionB.saveStatus).toHaveText("已保存");
  // Presence crosses instances: each sees the other's labelled caret.
  await expect(sectionA.remoteCarets.first()).toBeVisible();
  await expect(sectionB.remoteCarets.first()).toBeVisible();

  for (const context of contexts) await context.close();
});
