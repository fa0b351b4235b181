/** A section of the outline as plan.get lists it: depth-first, siblings in order. */
export type OutlineEntry = { id: string; parentId: string | null };

/** Where section.move should put a section: under `parentId`, at `position` among its new siblings. */
export type MoveTarget = { parentId: string | null; position: number };

export type OutlineMove = "up" | "down" | "indent" | "outdent";

const childrenOf = (sections: readonly OutlineEntry[], parentId: string | null) => sections.filter((entry) => entry.parentId === parentId);

/**
 * The four moves of the outline, as section.move arguments (null: not possible here). `position`
 * counts the new siblings without the moved section, as the server does.
 * - up / down: swap with the previous / next sibling;
 * - indent: become the last child of the previous sibling;
 * - outdent: leave the parent and follow it, as its next sibling.
 */
export function outlineMoves(sections: readonly OutlineEntry[], sectionId: string): Record<OutlineMove, MoveTarget | null> {
  const section = sections.find((entry) => entry.id === sectionId);
  if (!section) return { up: null, down: null, indent: null, outdent: null };
  const siblings = childrenOf(sections, section.parentId);
  const index = siblings.findIndex((entry) => entry.id === sectionId);
  const previous = index > 0 ? siblings[index - 1]! : null;
  const parent = section.parentId ? sections.find((entry) => entry.id === section.parentId) : undefined;
  let outdent: MoveTarget | null = null;
  if (parent) {
    const parentIndex = childrenOf(sections, parent.parentId).findIndex((entry) => entry.id === parent.id);
    outdent = { parentId: parent.parentId, position: parentIndex + 1 };
  }
  return {
    up: previous ? { parentId: section.parentId, position: index - 1 } : null,
    down: index < siblings.length - 1 ? { parentId: section.parentId, position: index + 1 } : null,
    indent: previous ? { parentId: previous.id, position: childrenOf(sections, previous.id).length } : null,
    outdent,
  };
}

/** How many sections sit below this one (children, grandchildren, …); they go when it is deleted. */
export function descendantCount(sections: readonly OutlineEntry[], sectionId: string): number {
  let count = 0;
  const pending = [sectionId];
  while (pending.length) {
    const children = childrenOf(sections, pending.pop()!);
    count += children.length;
    pending.push(...children.map((child) => child.id));
  }
  return count;
}

/** The section to move the focus to once `sectionId` is gone: the one before it, else the one after. */
export function neighbourOf(sections: readonly OutlineEntry[], sectionId: string): string | null {
  const index = sections.findIndex((entry) => entry.id === sectionId);
  if (index < 0) return null;
  const after = sections.slice(index + 1 + descendantCount(sections, sectionId))[0];
  return sections[index - 1]?.id ?? after?.id ?? null;
}
