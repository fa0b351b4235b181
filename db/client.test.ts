import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPool, POOL_SIZE, warmPool } from "./client";

/**
 * The PostgreSQL pool of a deployment. Uses the PostgreSQL server in both test runs (the one of
 * TEST_DATABASE_URL, else the machine's at 127.0.0.1:5432): the embedded database has no pool.
 */
const POSTGRES = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";
const applicationName = `xz-pool-test-${process.pid}-${randomBytes(3).toString("hex")}`;
const pools: pg.Pool[] = [];

/** Backends the server has for our pool (by its application name). */
async function backends(): Promise<number> {
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ count: string }>("select count(*) from pg_stat_activity where application_name = $1", [applicationName]);
    return Number(rows[0]!.count);
  } finally {
    await admin.end();
  }
}

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

describe("the PostgreSQL pool", () => {
  it("opens all its connections at start and keeps them when idle", async () => {
    // A short idle timeout: a pool that closes idle connections would have closed them all below.
    const pool = createPool(POSTGRES, { application_name: applicationName, idleTimeoutMillis: 30 });
    pools.push(pool);
    expect(pool.totalCount).toBe(0);
    await warmPool(pool);
    expect(pool.totalCount).toBe(POOL_SIZE);
    expect(pool.idleCount).toBe(POOL_SIZE);
    expect(await backends()).toBe(POOL_SIZE);

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pool.totalCount).toBe(POOL_SIZE);
    expect(await backends()).toBe(POOL_SIZE);

    // Every kept connection still answers (ten queries at once need all ten).
    const answers = await Promise.all(Array.from({ length: POOL_SIZE }, (_, index) => pool.query<{ n: number }>("select $1::int as n, pg_sleep(0.05)", [index])));
    expect(answers.map(({ rows }) => rows[0]!.n)).toEqual(Array.from({ length: POOL_SIZE }, (_, index) => index));
    expect(pool.totalCount).toBe(POOL_SIZE);
  });
});
