/**
 * The export model: what an exported plan (Word file or print view) contains, already numbered
 * and with every chip resolved to text, so both renderings show the same document.
 */

/** A ProseMirror node of a section body as exported. Chips are text; headings carry their number. */
export type ExportNode = {
  type: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
  content?: ExportNode[];
  /** Redline only: this text was inserted or deleted between the two compared versions, by `author`. */
  change?: { type: "added" | "removed"; author: string };
};

/** Attributes the export adds to heading nodes of a body: depth in the document and number (may be ""). */
export type ExportHeadingAttrs = { level: number; depth: number; number: string };

export type ExportSection = {
  id: string;
  title: string;
  /** Depth in the document's heading structure (0 = 一、). */
  depth: number;
  /** 一、 / （一） / 1. / （1）, or "" below the fourth level. */
  number: string;
  /** The section body (a `doc` node); null when an approved-only export has no approved version of it. */
  body: ExportNode | null;
  /** Which text was exported: the current text, or the approved version (with its id). */
  source: { kind: "current" } | { kind: "approved"; versionId: string } | { kind: "pending" };
};

export type ExportProject = {
  id: string;
  name: string;
  ownerDepartment: string;
  /** Status key (planned, in_production…); the vocabulary translates it. */
  status: string;
  /** 亿元 */
  totalInvestment: number | null;
  figures: { label: string; value: number; unit: string }[];
};

export type ExportIndicator = {
  id: string;
  name: string;
  unit: string;
  baseline: { value: number | null; year: number | null };
  current: { value: number; period: string } | null;
  target: { value: number | null; year: number | null };
};

export type ExportModel = {
  plan: { id: string; title: string; periodStart: number; periodEnd: number };
  /** Approved versions only (sections without one are kept as headings, marked pending). */
  approvedOnly: boolean;
  /** Set when one section (and its subsections) was exported. */
  sectionId: string | null;
  /** The document's date line (成文日期), e.g. 2026年11月26日. */
  dateLine: string;
  sections: ExportSection[];
  /** Projects and indicators the exported text cites, in reading order. */
  projects: ExportProject[];
  indicators: ExportIndicator[];
};
