/**
 * Where a section hit leads: the plan at the section (`#section-<id>`, as the outline links), with
 * the query and the text block so the plan page can scroll to the passage and highlight it.
 */
export function searchPassageHref(hit: { planId: string; sectionId: string; query: string; blockIndex: number | null }): string {
  const params = new URLSearchParams({ q: hit.query });
  if (hit.blockIndex !== null) params.set("block", String(hit.blockIndex));
  return `/plans/${hit.planId}?${params.toString()}#section-${hit.sectionId}`;
}

/** The query and block a plan page was opened with from a search hit (null when not from search). */
export function searchPassageTarget(location: { search: string; hash: string }): { query: string; sectionId: string; blockIndex: number | null } | null {
  const params = new URLSearchParams(location.search);
  const query = params.get("q")?.trim();
  const section = /^#section-([0-9a-f-]{36})$/i.exec(location.hash);
  if (!query || !section) return null;
  const block = Number.parseInt(params.get("block") ?? "", 10);
  return { query: query.slice(0, 100), sectionId: section[1]!, blockIndex: Number.isInteger(block) && block >= 0 ? block : null };
}
