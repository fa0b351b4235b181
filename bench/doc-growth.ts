/**
 * Document growth of never-garbage-collected section documents (`gc: false`, needed to render
 * past versions and diffs) on the seeded 许昌智造 plan after 1,000 edits, against the same edits on
 * garbage-collected documents. Edits are made in "browser" documents (gc on, as in the editor) and
 * applied to the server's documents, the way the collaboration server receives them.
 *
 *   npm run bench:growth            (prints a Markdown table; ~10 s)
 *   npm run bench:growth -- --edits=5000
 */
import * as Y from "yjs";
import { sections } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { loadSectionDocument } from "@/server/collab/persistence";
import { createTestDatabase } from "@/server/testing/db";
import { seededRandom } from "@/server/testing/random";
import { applyRandomEdit } from "@/server/testing/random-edits";

const edits = Number(process.argv.find((arg) => arg.startsWith("--edits="))?.split("=")[1] ?? 1000);
const random = seededRandom(20201021);

const database = await createTestDatabase();
await seedDatabase(database.db, { demo: true, adminPassword: "growth-admin-1", demoPassword: "growth-demo-1" });
const rows = await database.db.select({ id: sections.id }).from(sections);
const documents: { kept: Y.Doc; collected: Y.Doc; browser: Y.Doc }[] = [];
for (const row of rows) {
  const { doc } = await loadSectionDocument(database.db, row.id);
  const collected = new Y.Doc({ gc: true });
  Y.applyUpdate(collected, Y.encodeStateAsUpdate(doc));
  const browser = new Y.Doc();
  Y.applyUpdate(browser, Y.encodeStateAsUpdate(doc));
  browser.on("update", (update: Uint8Array) => {
    Y.applyUpdate(doc, update);
    Y.applyUpdate(collected, update);
  });
  documents.push({ kept: doc, collected, browser });
}
const size = (pick: (entry: (typeof documents)[number]) => Y.Doc) =>
  documents.reduce((sum, entry) => sum + Y.encodeStateAsUpdate(pick(entry)).length, 0);
const before = size((entry) => entry.kept);
const started = performance.now();
for (let index = 0; index < edits; index++) applyRandomEdit(random.pick(documents).browser, random);
const elapsed = performance.now() - started;
const kept = size((entry) => entry.kept);
const collected = size((entry) => entry.collected);
const snapshot = documents.reduce((sum, entry) => sum + Y.encodeSnapshot(Y.snapshot(entry.kept)).length, 0) / documents.length;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
console.log(`| sections | edits | seeded state | after edits, gc: false (kept) | after edits, gc: true | kept ÷ gc | one snapshot (avg) |`);
console.log(`|---|---|---|---|---|---|---|`);
console.log(
  `| ${documents.length} | ${edits} | ${kb(before)} KB | ${kb(kept)} KB (+${kb(kept - before)} KB) | ${kb(collected)} KB (+${kb(collected - before)} KB) | ${(kept / collected).toFixed(2)}× | ${snapshot.toFixed(0)} B |`,
);
console.log(`\n(${edits} edits applied in ${elapsed.toFixed(0)} ms; seed 20201021; edit mix from server/testing/random-edits.ts)`);
await database.drop();
