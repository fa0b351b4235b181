import path from "node:path";
import { z } from "zod";

/**
 * The whole configuration of the app, validated once at start.
 * Every variable is documented here and in the README; nothing else reads process.env.
 */
const envShape = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  /** Port of the one process that serves pages, tRPC, next-auth and the collaboration socket. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Interface to bind; 0.0.0.0 in containers. */
  HOST: z.string().min(1).default("0.0.0.0"),
  /** Public origin of the app, e.g. https://plan.xuchang.gov.cn. Defaults to http://localhost:PORT. */
  APP_ORIGIN: z.url().optional(),
  /** A real PostgreSQL. When unset, the embedded PGlite database in DATA_DIR is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  /** Folder of the embedded database and the generated secret. */
  DATA_DIR: z.string().min(1).default("./.data"),
  /** Redis for fan-out between app instances. Optional. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .optional(),
  /** Prefix of this deployment's Redis channels (several deployments can share one Redis). */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,40}$/, "letters, digits, : _ - only").default("xz:"),
  /** Secret that signs session tokens. When unset, generated once and kept in the database (app_settings), so every instance agrees. */
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Password of the `admin` account created on first start; random (printed once) when unset. */
  ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  /** Password of every demo account; random (printed once) when unset. */
  DEMO_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  /** Seed the demo plan into an empty database (default) or only the admin account. */
  SEED_DEMO: z
    .enum(["true", "false", "1", "0"])
    .default("true")
    .transform((value) => value === "true" || value === "1"),
  /** Trust X-Forwarded-For from a reverse proxy for the client address (login throttling). */
  TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((value) => value === "true" || value === "1"),
  /** Failed logins allowed per account, and per client address, within the window. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /**
   * How far the JavaScript heap may grow past its live size between full collections, in percent
   * (server/memory.ts); 0 leaves V8's own policy, which lets it grow to 4× under load.
   */
  HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1000).default(50),
  /**
   * Comma-separated names of the variables above that this deployment must set (non-empty), e.g.
   * "AUTH_SECRET,APP_ORIGIN". docker-compose.yml sets it: its file stays valid without a .env, and
   * a missing secret stops the start with a message naming it instead of falling back to a default.
   */
  REQUIRED_ENV: z.string().optional(),
};

const envSchema = z
  .object(envShape)
  .transform((env) => ({
    ...env,
    DATA_DIR: path.resolve(env.DATA_DIR),
    APP_ORIGIN: env.APP_ORIGIN ?? `http://localhost:${env.PORT}`,
  }));

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment (process.env by default); throws EnvError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ""),
  );
  const result = envSchema.safeParse(cleaned);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".") || "env"}: ${issue.message}`);
  for (const name of requiredNames(cleaned.REQUIRED_ENV)) {
    if (!Object.hasOwn(envShape, name) || name === "REQUIRED_ENV") problems.push(`REQUIRED_ENV: unknown variable ${name}`);
    else if (cleaned[name] === undefined) problems.push(`${name}: required by REQUIRED_ENV but empty or unset (set it, e.g. in .env)`);
  }
  if (!result.success || problems.length > 0) throw new EnvError(problems);
  return result.data;
}

function requiredNames(list: string | undefined): string[] {
  return (list ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
}

let cached: Env | undefined;

/** The validated configuration of this process. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
