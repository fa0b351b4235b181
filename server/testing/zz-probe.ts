import * as Y from "yjs";
import fs from "node:fs";
const files = fs.readdirSync("/tmp").filter((f) => f.startsWith("bad-1-")).map((f) => "/tmp/" + f);
const bases = fs.readdirSync("/tmp").filter((f) => f.startsWith("bad-base-")).map((f) => "/tmp/" + f);
const f = files[0]!;
const u = new Uint8Array(fs.readFileSync(f));
const dec = Y.decodeUpdate(u);
const zero = [...dec.ds.clients].flatMap(([c, items]) => items.filter((i) => i.len === 0).map((i) => [c, i.clock]));
console.log(f, "structs", dec.structs.length, "ds clients", dec.ds.clients.size, "zero-len ranges", zero.slice(0, 10));
const neg = [...dec.ds.clients].flatMap(([c, items]) => items.filter((i) => !(i.len > 0)).map((i) => [c, i.clock, i.len]));
console.log("non-positive", neg.slice(0, 10));
// apply to the base to find the failure
const base = new Y.Doc(); Y.applyUpdate(base, new Uint8Array(fs.readFileSync(bases[0]!)));
try { Y.applyUpdate(base, u); console.log("applied ok on base"); } catch (e) { console.log("fail", (e as Error).stack?.split("\n").slice(0, 10).join("\n")); }
