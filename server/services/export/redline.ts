import { inArray } from "drizzle-orm";
import * as Y from "yjs";
import type { Db } from "@/db/client";
import { indicators, projects } from "@/db/schema";
import { INDICATOR_REF, PROJECT_REF, SECTION_FRAGMENT } from "@/lib/editor/names";
import type { ExportNode } from "@/lib/export/document";
import { HeadingCounter } from "@/lib/export/numbering";
import { chineseDate, exportVocabulary as words } from "@/lib/export/vocabulary";
import { type ChangeAuthors, isVisibleAt } from "@/lib/review/diff";
import { type Attribution, decodeDeleteSet, deletedBy } from "@/server/collab/attribution";
import type { SectionDocumentHost } from "@/server/collab/host";
import { type Actor, authorize } from "@/server/policy";
import { type DiffSide, sectionDiff } from "../review";
import { renderRedlineDocx } from "./docx";
import { numberBodyHeadings } from "./model";

type Change = NonNullable<ExportNode["change"]>;

/** What a redline compares: a version or the last approved one, against a later version or the current text. */
export type RedlineRequest = {
  actor: Actor;
  sectionId: string;
  from: { versionId: string } | { approved: true };
  to: { versionId: string } | { current: true };
};

function changeOf(item: Y.Item | null, prev: Y.Snapshot, next: Y.Snapshot, authors: ChangeAuthors, nameOf: (userId: string | null) => string): Change | null {
  if (!item) return null;
  const before = isVisibleAt(item, prev);
  const after = isVisibleAt(item, next);
  if (before && !after) return { type: "removed", author: nameOf(authors.deletedBy(item.id)) };
  if (!before && after) return { type: "added", author: nameOf(authors.insertedBy(item.id.client)) };
  return null;
}

/**
 * The section body between two snapshots as export nodes: everything visible in either snapshot,
 * text inserted after `prev` marked added and text deleted by `next` marked removed, each with its
 * author (the same reading as lib/review/diff.ts, keeping the document's structure and inline
 * chips). A block added or removed whole passes its change to its text.
 */
export function redlineBody(
  fragment: Y.XmlFragment,
  prev: Y.Snapshot,
  next: Y.Snapshot,
  authors: ChangeAuthors,
  names: { person: (userId: string | null) => string; chip: (kind: "project" | "indicator", id: string | null) => string },
): ExportNode {
  const both = new Y.Snapshot(prev.ds, next.sv);
  const walk = (parent: Y.XmlFragment | Y.XmlElement, inherited: Change | null): ExportNode[] => {
    const nodes: ExportNode[] = [];
    for (const child of Y.typeListToArraySnapshot(parent, both) as (Y.XmlElement | Y.XmlText)[]) {
      const item = child._item;
      if (item && !isVisibleAt(item, prev) && !isVisibleAt(item, next)) continue;
      const change = changeOf(item, prev, next, authors, names.person) ?? inherited;
      if (child instanceof Y.XmlText) {
        const delta = child.toDelta(next, prev, (type: "added" | "removed", id: Y.ID) => ({
          type,
          author: names.person(type === "added" ? authors.insertedBy(id.client) : authors.deletedBy(id)),
        })) as { insert: unknown; attributes?: Record<string, unknown> & { ychange?: Change } }[];
        for (const op of delta) {
          if (typeof op.insert !== "string" || op.insert === "") continue;
          const { ychange, ...marks } = op.attributes ?? {};
          const spanChange = ychange ?? change;
          nodes.push({
            type: "text",
            text: op.insert,
            ...(Object.keys(marks).length ? { marks: Object.entries(marks).map(([type, attrs]) => ({ type, ...(attrs && typeof attrs === "object" && Object.keys(attrs).length ? { attrs: attrs as Record<string, unknown> } : {}) })) } : {}),
            ...(spanChange ? { change: spanChange } : {}),
          });
        }
        continue;
      }
      const attrs = child.getAttributes(change?.type === "removed" ? prev : next) as Record<string, unknown>;
      if (child.nodeName === PROJECT_REF || child.nodeName === INDICATOR_REF) {
        const id = typeof attrs.id === "string" ? attrs.id.toLowerCase() : null;
        nodes.push({ type: "text", text: names.chip(child.nodeName === PROJECT_REF ? "project" : "indicator", id), ...(change ? { change } : {}) });
        continue;
      }
      nodes.push({ type: child.nodeName, ...(Object.keys(attrs).length ? { attrs } : {}), content: walk(child, change) });
    }
    return nodes;
  };
  return { type: "doc", content: walk(fragment, null) };
}

function attributionFromWire(wire: { authors: [number, string][]; deletions: [string, string][] }): Attribution {
  return {
    authors: new Map(wire.authors),
    deletions: new Map(wire.deletions.map(([userId, ds]) => [userId, decodeDeleteSet(Buffer.from(ds, "base64"))])),
  };
}

/**
 * A .docx of the differences between two versions of one section, with Word revision marks:
 * insertions (w:ins) and deletions (w:del) authored by the people who made them. The comparison
 * and attribution are the review diff's (`sectionDiff`), read here into the document's structure.
 */
export async function renderSectionRedline(db: Db, host: SectionDocumentHost, request: RedlineRequest) {
  authorize(request.actor, "section.read");
  authorize(request.actor, "version.read");
  const diff = await sectionDiff(db, host, { actor: request.actor, sectionId: request.sectionId, from: request.from as DiffSide, to: request.to as DiffSide });
  const attribution = attributionFromWire(diff.attribution);
  const people = new Map(diff.people.map((person) => [person.id, words.person(person.displayName, person.departmentName)]));
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdate(doc, Buffer.from(diff.state, "base64"));
  const fromSnapshot = diff.from ? Y.decodeSnapshot(Buffer.from(diff.from.snapshot, "base64")) : Y.emptySnapshot;
  const toSnapshot = Y.decodeSnapshot(Buffer.from(diff.to.snapshot, "base64"));

  const chipIds = (nodeName: string) => {
    const ids = new Set<string>();
    const walk = (node: Y.XmlFragment | Y.XmlElement) => {
      for (const child of node.toArray()) {
        if (!(child instanceof Y.XmlElement)) continue;
        const id = child.getAttribute("id");
        if (child.nodeName === nodeName && typeof id === "string") ids.add(id.toLowerCase());
        walk(child);
      }
    };
    walk(doc.getXmlFragment(SECTION_FRAGMENT));
    return [...ids];
  };
  const projectIds = chipIds(PROJECT_REF);
  const indicatorIds = chipIds(INDICATOR_REF);
  const chipNames = new Map<string, string>([
    ...(projectIds.length ? await db.select({ id: projects.id, name: projects.name }).from(projects).where(inArray(projects.id, projectIds)) : []).map((row) => [row.id, row.name] as const),
    ...(indicatorIds.length ? await db.select({ id: indicators.id, name: indicators.name }).from(indicators).where(inArray(indicators.id, indicatorIds)) : []).map((row) => [row.id, row.name] as const),
  ]);

  const body = redlineBody(
    doc.getXmlFragment(SECTION_FRAGMENT),
    fromSnapshot,
    toSnapshot,
    { insertedBy: (client) => attribution.authors.get(client) ?? null, deletedBy: (id) => deletedBy(attribution, id) },
    {
      person: (userId) => (userId ? (people.get(userId) ?? words.originalText) : words.originalText),
      chip: (kind, id) => (id ? chipNames.get(id) : undefined) ?? (kind === "project" ? words.deletedProject : words.deletedIndicator),
    },
  );
  doc.destroy();

  const sideLabel = (side: typeof diff.from) => {
    if (!side) return words.redlineNothing;
    if (side.kind === "current") return words.redlineCurrent;
    if ("approved" in request.from && side === diff.from) return words.redlineApproved(side.label ?? "");
    return words.redlineVersion(side.label ?? "", chineseDate(new Date(side.createdAt)));
  };
  const buffer = await renderRedlineDocx({
    title: diff.section.title,
    between: words.redlineBetween(sideLabel(diff.from), sideLabel(diff.to)),
    body: numberBodyHeadings(body, 0, new HeadingCounter()),
    date: new Date(diff.to.createdAt),
  });
  return { buffer, section: diff.section };
}
