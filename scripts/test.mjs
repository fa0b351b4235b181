// The one test command (`npm test`): unit and integration tests (vitest) on the embedded database,
// again on PostgreSQL when TEST_DATABASE_URL is set, then the browser tests (Playwright) against a
// production build. Ends with one summary line: "N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const resultsDir = path.join(root, "test-results");
fs.mkdirSync(resultsDir, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const runs = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label} ===`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  return { status: result.status ?? 1, seconds };
}

function vitest(label, env) {
  const output = path.join(resultsDir, `vitest-${label.replace(/\W+/g, "-")}.json`);
  fs.rmSync(output, { force: true });
  const { status, seconds } = run(label, "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${output}`], env);
  let passed = 0;
  let failed = status === 0 ? 0 : 1;
  let skipped = 0;
  if (fs.existsSync(output)) {
    const report = JSON.parse(fs.readFileSync(output, "utf8"));
    passed = report.numPassedTests;
    failed = report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0);
    skipped = report.numPendingTests + report.numTodoTests;
  }
  runs.push({ label, passed, failed, skipped, seconds });
}

function playwright() {
  const build = run("production build for the browser tests", "node", ["scripts/build-if-needed.mjs"]);
  if (build.status !== 0) {
    runs.push({ label: "browser tests (build failed)", passed: 0, failed: 1, skipped: 0, seconds: build.seconds });
    return;
  }
  const output = path.join(resultsDir, "e2e-results.json");
  fs.rmSync(output, { force: true });
  const { status, seconds } = run("browser tests (Playwright, Chromium)", "npx", ["playwright", "test"]);
  let passed = 0;
  let failed = status === 0 ? 0 : 1;
  let skipped = 0;
  if (fs.existsSync(output)) {
    const { stats } = JSON.parse(fs.readFileSync(output, "utf8"));
    passed = stats.expected;
    failed = stats.unexpected + stats.flaky + (status !== 0 && stats.unexpected === 0 ? 1 : 0);
    skipped = stats.skipped;
  }
  runs.push({ label: "browser tests", passed, failed, skipped, seconds });
}

vitest("unit + integration (PGlite)", { TEST_DATABASE_URL: "" });
if (process.env.TEST_DATABASE_URL) vitest("integration (PostgreSQL)", { TEST_DATABASE_URL: process.env.TEST_DATABASE_URL });
playwright();

console.log("\n=== summary ===");
for (const entry of runs) {
  totals.passed += entry.passed;
  totals.failed += entry.failed;
  totals.skipped += entry.skipped;
  console.log(`${entry.label}: ${entry.passed} passed, ${entry.failed} failed, ${entry.skipped} skipped (${entry.seconds} s)`);
}
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(totals.failed === 0 ? 0 : 1);
