import type { ExportIndicator, ExportModel, ExportProject } from "./document";
import { exportVocabulary as words, figureText } from "./vocabulary";

/** Cells of the appendix tables and the title block, shared by the Word file and the print view. */
export type AppendixCell = { text: string; numeric?: boolean };

/** Relative column widths of the two appendix tables (name and key figures get the room). */
export const projectColumnWidths = [30, 18, 10, 12, 30];
export const indicatorColumnWidths = [28, 8, 20, 24, 20];

/** The appendix's project rows: name, owner department, status, investment (亿元), key figures. */
export function projectRow(project: ExportProject): AppendixCell[] {
  return [
    { text: project.name },
    { text: project.ownerDepartment },
    { text: words.projectStatus[project.status] ?? project.status },
    { text: figureText(project.totalInvestment), numeric: true },
    { text: project.figures.map((figure) => words.figure(figure.label, figureText(figure.value), figure.unit)).join(words.figureSeparator) || words.emptyValue },
  ];
}

/** The appendix's indicator rows: name, unit, baseline (year), current (period), target (year). */
export function indicatorRow(indicator: ExportIndicator): AppendixCell[] {
  return [
    { text: indicator.name },
    { text: indicator.unit },
    { text: indicator.baseline.value === null ? words.emptyValue : words.valueWithYear(figureText(indicator.baseline.value), indicator.baseline.year), numeric: true },
    { text: indicator.current ? words.valueWithPeriod(figureText(indicator.current.value), indicator.current.period) : words.emptyValue, numeric: true },
    { text: indicator.target.value === null ? words.emptyValue : words.valueWithYear(figureText(indicator.target.value), indicator.target.year), numeric: true },
  ];
}

/** The title block: title, then the period and what kind of text this is (审定稿, 节选). */
export function subtitleLines(model: ExportModel): string[] {
  const kinds: string[] = [];
  if (model.approvedOnly) kinds.push(words.approvedEdition);
  if (model.sectionId) kinds.push(words.excerpt);
  return [words.period(model.plan.periodStart, model.plan.periodEnd), ...(kinds.length ? [`（${kinds.join("，")}）`] : [])];
}


/** Whether the document has an appendix (it cites at least one project or indicator). */
export const hasAppendix = (model: ExportModel) => model.projects.length > 0 || model.indicators.length > 0;
