/**
 * Shapes of the demo data. The content itself lives in content.ts; index.ts writes it to the
 * database (departments → accounts → plan/sections as Yjs documents → projects → indicators).
 */

/** A ProseMirror/Tiptap JSON node (StarterKit + table nodes), e.g. { type: "paragraph", content: [...] }. */
export type DocNode = {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
};

export type SeedDepartment = {
  /** Short code, upper-case, e.g. "GXJ". Used to refer to the department below. */
  code: string;
  name: string;
};

export type SeedAccount = {
  username: string;
  displayName: string;
  role: "editor" | "leader" | "viewer";
  departmentCode: string;
};

export type SeedSection = {
  title: string;
  ownerDepartmentCode: string;
  /** The section body: a Tiptap document, { type: "doc", content: [...] }. */
  body: DocNode;
  children?: SeedSection[];
};

export type SeedPlan = {
  title: string;
  periodStart: number;
  periodEnd: number;
  summary: string;
  sections: SeedSection[];
};

export type SeedProject = {
  name: string;
  category: string;
  ownerDepartmentCode: string;
  status: "planned" | "under_construction" | "in_production" | "completed" | "suspended";
  /** 亿元; null where the source gives no figure. */
  totalInvestment: number | null;
  startDate: string | null;
  endDate: string | null;
  location: string;
  description: string;
  figures: { label: string; value: number; unit: string }[];
  milestones: { title: string; dueDate: string | null; done: boolean }[];
};

export type SeedIndicator = {
  name: string;
  unit: string;
  category: string;
  ownerDepartmentCode: string;
  direction: "higher_is_better" | "lower_is_better";
  baseline: { value: number; year: number } | null;
  target: { value: number; year: number } | null;
  description: string;
  observations: { period: string; value: number; source: string }[];
};
