import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("env validation", () => {
  it("defaults to the embedded database on port 3000 with the demo seed", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.DATA_DIR).toBe(path.resolve(".data"));
    expect(env.SEED_DEMO).toBe(true);
    expect(env.APP_ORIGIN).toBe("http://localhost:3000");
    expect(env.LOGIN_MAX_FAILURES).toBe(5);
    expect(env.LOGIN_WINDOW_MINUTES).toBe(15);
  });

  it("accepts a PostgreSQL and Redis configuration", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/test", REDIS_URL: "redis://127.0.0.1:6379", PORT: "8080", SEED_DEMO: "false" });
    expect(env.DATABASE_URL).toBe("postgres://postgres@127.0.0.1:5432/test");
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.PORT).toBe(8080);
    expect(env.SEED_DEMO).toBe(false);
    expect(env.APP_ORIGIN).toBe("http://localhost:8080");
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).DATABASE_URL).toBeUndefined();
  });

  it("names every bad variable at once", () => {
    let caught: unknown;
    try {
      parseEnv({ PORT: "70000", DATABASE_URL: "mysql://x", REDIS_URL: "http://x", AUTH_SECRET: "short", ADMIN_PASSWORD: "123", SEED_DEMO: "maybe" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const problems = (caught as EnvError).problems.join("\n");
    for (const name of ["PORT", "DATABASE_URL", "REDIS_URL", "AUTH_SECRET", "ADMIN_PASSWORD", "SEED_DEMO"]) expect(problems).toContain(name);
  });
});
