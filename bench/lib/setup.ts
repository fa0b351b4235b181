/**
 * The database behind our server in the benchmark, made by the runner (not by the server child, so
 * seeding leaves nothing in the measured process):
 * - BENCH_DATABASE_URL (or TEST_DATABASE_URL) set: a fresh database on that PostgreSQL server,
 *   migrated, dropped at the end;
 * - otherwise PGlite on disk in a temporary folder (opened by the runner only while seeding: PGlite
 *   allows one process at a time).
 * Users and sessions are made as the tests make them (server/testing/factories.ts, collab.ts).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { openDatabase, type Db, type DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import * as schema from "@/db/schema";
import { plans, sectionDocuments, sections, users } from "@/db/schema";
import { encodeSectionDocument } from "@/server/services/section-documents";
import { COLLAB_TEST_SECRET, sessionCookie } from "@/server/testing/collab";
import { makeDepartment, makeUser } from "@/server/testing/factories";

export const BENCH_SECRET = COLLAB_TEST_SECRET;

/** The small initial content every section starts with (as makeSection seeds it). */
export function initialSectionState(): Uint8Array {
  return encodeSectionDocument({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "初始内容" }] }] });
}

export class BenchDatabase {
  departmentId = "";
  cookies: string[] = [];
  private handle: DbHandle | null = null;

  private constructor(
    readonly kind: "postgres" | "pglite",
    /** Per-run database URL (PostgreSQL) or folder (PGlite). */
    readonly location: string,
    readonly databaseName: string,
    private readonly serverUrl: string | null,
  ) {}

  static async create(userCount: number): Promise<BenchDatabase> {
    const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "";
    let database: BenchDatabase;
    if (serverUrl) {
      const name = `xz_bench_${Date.now()}_${randomBytes(3).toString("hex")}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      // CREATE DATABASE fails while someone else is copying template1 at the same moment: retry.
      for (let attempt = 1; ; attempt++) {
        try {
          await admin.query(`CREATE DATABASE ${name}`);
          break;
        } catch (error) {
          if (attempt >= 10) throw error;
          await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
        }
      }
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      database = new BenchDatabase("postgres", url.toString(), name, serverUrl);
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "xz-bench-pglite-"));
      database = new BenchDatabase("pglite", dir, "pglite", null);
    }
    await database.seed(async (db) => {
      await runMigrations(database.handle!);
      database.departmentId = (await makeDepartment(db)).id;
      const first = await makeUser(db, { role: "editor", departmentId: database.departmentId });
      const [hashed] = await db.select({ passwordHash: users.passwordHash }).from(users);
      const made = [first];
      for (let start = 1; start < userCount; start += 500) {
        const rows = [];
        for (let index = start; index < Math.min(userCount, start + 500); index++) {
          rows.push({
            username: `bench_${index}_${randomBytes(3).toString("hex")}`,
            displayName: `压测编辑${index}`,
            role: "editor" as const,
            departmentId: database.departmentId,
            passwordHash: hashed!.passwordHash,
          });
        }
        made.push(...(await db.insert(users).values(rows).returning()));
      }
      database.cookies = await Promise.all(made.map((user) => sessionCookie(user)));
    });
    return database;
  }

  /** Runs `fn` with the database open in this process. */
  async seed<T>(fn: (db: Db) => Promise<T>): Promise<T> {
    if (!this.handle) {
      if (this.kind === "postgres") {
        const pool = new pg.Pool({ connectionString: this.location, max: 5 });
        this.handle = { db: drizzle(pool, { schema }) as unknown as Db, kind: "postgres", pool, close: () => pool.end() };
      } else {
        this.handle = await openDatabase({ dataDir: this.location });
      }
    }
    try {
      return await fn(this.handle.db);
    } finally {
      if (this.kind === "pglite") {
        await this.handle.close();
        this.handle = null;
      }
    }
  }

  /** `count` new sections of one plan owned by the editors' department, each with `state` as its stored document. */
  makeSections(count: number, state: Uint8Array): Promise<string[]> {
    return this.seed(async (db) => {
      const [plan] = await db.insert(plans).values({ title: "压测规划", periodStart: 2021, periodEnd: 2025 }).returning();
      const ids: string[] = [];
      for (let start = 0; start < count; start += 500) {
        const rows = [];
        for (let index = start; index < Math.min(count, start + 500); index++) {
          rows.push({ planId: plan!.id, position: index, title: `章节${index}`, ownerDepartmentId: this.departmentId });
        }
        const made = await db.insert(sections).values(rows).returning({ id: sections.id });
        await db.insert(sectionDocuments).values(made.map((row) => ({ sectionId: row.id, state })));
        ids.push(...made.map((row) => row.id));
      }
      return ids;
    });
  }

  /** Environment for the server child. */
  childEnv(): Record<string, string> {
    return this.kind === "postgres"
      ? { BENCH_DB_URL: this.location, BENCH_SECRET }
      : { BENCH_PGLITE_DIR: this.location, BENCH_SECRET };
  }

  /**
   * CPU time (µs) of each PostgreSQL backend serving this database right now, by process id (from
   * /proc); null for PGlite. See `backendCpuSinceUs`.
   */
  backendCpu(): Map<number, number> | null {
    if (this.kind !== "postgres") return null;
    const perBackend = new Map<number, number>();
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "latin1");
        if (!cmdline.startsWith("postgres:") || !cmdline.includes(` ${this.databaseName} `)) continue;
        const stat = fs.readFileSync(`/proc/${entry}/stat`, "latin1");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        perBackend.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100);
      } catch {
        // The process went away meanwhile.
      }
    }
    return perBackend;
  }

  /**
   * The backends' CPU time (µs) since `before` (a `backendCpu` reading): per backend, so that one
   * that ended meanwhile (an idle connection of the runner's own pool closing) takes its whole past
   * with it instead of making the sum negative; its last moments are not counted.
   */
  backendCpuSinceUs(before: Map<number, number> | null): number | null {
    const now = this.backendCpu();
    if (!before || !now) return null;
    let total = 0;
    for (const [pid, us] of now) total += us - (before.get(pid) ?? 0);
    return total;
  }

  async drop(): Promise<void> {
    if (this.handle) await this.handle.close();
    this.handle = null;
    if (this.kind === "postgres") {
      const admin = new pg.Client({ connectionString: this.serverUrl! });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${this.databaseName} WITH (FORCE)`);
      await admin.end();
    } else {
      fs.rmSync(this.location, { recursive: true, force: true });
    }
  }
}
