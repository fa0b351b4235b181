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
    expect(env.HEAP_GROWTH_PERCENT).toBe(50);
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
      parseEnv({ PORT: "70000", DATABASE_URL: "mysql://x", REDIS_URL: "http://x", AUTH_SECRET: "short", ADMIN_PASSWORD: "123", SEED_DEMO: "maybe", HEAP_GROWTH_PERCENT: "-5" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const problems = (caught as EnvError).problems.join("\n");
    for (const name of ["PORT", "DATABASE_URL", "REDIS_URL", "AUTH_SECRET", "ADMIN_PASSWORD", "SEED_DEMO", "HEAP_GROWTH_PERCENT"]) expect(problems).toContain(name);
  });

  it("stops on a variable the deployment requires (REQUIRED_ENV) when it is empty, naming it, instead of generating it", () => {
    const problemsOf = (source: Record<string, string>) => {
      try {
        parseEnv(source);
      } catch (error) {
        expect(error).toBeInstanceOf(EnvError);
        return (error as EnvError).problems;
      }
      return [];
    };
    // What docker-compose.yml passes on a clone without .env: the secrets interpolate to "".
    expect(problemsOf({ REQUIRED_ENV: "AUTH_SECRET,APP_ORIGIN", AUTH_SECRET: "", APP_ORIGIN: "" })).toEqual([
      "AUTH_SECRET: required by REQUIRED_ENV but empty or unset (set it, e.g. in .env)",
      "APP_ORIGIN: required by REQUIRED_ENV but empty or unset (set it, e.g. in .env)",
    ]);
    expect(problemsOf({ REQUIRED_ENV: "ADMIN_PASSWORD" })).toEqual([
      "ADMIN_PASSWORD: required by REQUIRED_ENV but empty or unset (set it, e.g. in .env)",
    ]);
    // Reported together with the other bad values; an unknown name is a mistake too.
    expect(problemsOf({ REQUIRED_ENV: "AUTH_SECRET, ADMIN_PASWORD", AUTH_SECRET: "short" })).toEqual([
      "AUTH_SECRET: must be at least 32 characters",
      "REQUIRED_ENV: unknown variable ADMIN_PASWORD",
    ]);
    const secret = "a".repeat(32);
    const env = parseEnv({ REQUIRED_ENV: " AUTH_SECRET , APP_ORIGIN ", AUTH_SECRET: secret, APP_ORIGIN: "https://plan.example.cn" });
    expect(env.AUTH_SECRET).toBe(secret);
    expect(env.APP_ORIGIN).toBe("https://plan.example.cn");
    // Without REQUIRED_ENV an empty secret is still "unset": generated (npm start needs no configuration).
    expect(parseEnv({ AUTH_SECRET: "" }).AUTH_SECRET).toBeUndefined();
  });
});
