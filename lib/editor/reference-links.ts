import * as Y from "yjs";
import { INDICATOR_REF, PROJECT_REF, SECTION_FRAGMENT } from "./names";

/** The projects and indicators a section body cites with chips: ids, each once, in reading order. */
export type SectionReferences = { projects: string[]; indicators: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Walks a section body's XmlFragment for chips (projectRef / indicatorRef elements); ids that are
 * not UUIDs are ignored. The one walker for the browser's panel and the server's link table.
 */
export function referencesInDocument(doc: Y.Doc): SectionReferences {
  const found = { projects: new Set<string>(), indicators: new Set<string>() };
  const walk = (node: Y.XmlFragment | Y.XmlElement) => {
    for (const child of node.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue;
      const id = child.getAttribute("id");
      if (typeof id === "string" && UUID.test(id)) {
        if (child.nodeName === PROJECT_REF) found.projects.add(id.toLowerCase());
        else if (child.nodeName === INDICATOR_REF) found.indicators.add(id.toLowerCase());
      }
      walk(child);
    }
  };
  walk(doc.getXmlFragment(SECTION_FRAGMENT));
  return { projects: [...found.projects], indicators: [...found.indicators] };
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, index) => id === b[index]);

/**
 * The chips of a section's Y.Doc as an external store (for `useSyncExternalStore`). The snapshot
 * changes only when the cited ids do, so typing text does not re-render its readers.
 */
export function watchSectionReferences(doc: Y.Doc) {
  const fragment = doc.getXmlFragment(SECTION_FRAGMENT);
  let snapshot = referencesInDocument(doc);
  const refresh = () => {
    const next = referencesInDocument(doc);
    if (sameIds(next.projects, snapshot.projects) && sameIds(next.indicators, snapshot.indicators)) return false;
    snapshot = next;
    return true;
  };
  return {
    getSnapshot: () => snapshot,
    subscribe(listener: () => void) {
      const onChange = () => {
        if (refresh()) listener();
      };
      // The body may have loaded between creating the watch and the first subscriber.
      onChange();
      fragment.observeDeep(onChange);
      return () => fragment.unobserveDeep(onChange);
    },
  };
}
