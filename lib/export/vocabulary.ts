/**
 * The fixed zh-CN vocabulary of exported documents. An export is an official Chinese document
 * (公文), so its words do not follow the reader's interface language; the Word file and the print
 * view take every label from here.
 */
export const exportVocabulary = {
  approvedEdition: "审定稿",
  excerpt: "节选",
  period: (start: number, end: number) => `（${start}—${end}年）`,
  pendingApproval: "（本部分尚无审阅通过的版本，未纳入审定稿。）",
  appendix: "附件",
  appendixNote: "附件：本规划引用的项目和指标",
  appendixTitle: "本规划引用的项目和指标",
  projectsHeading: "一、引用的项目",
  indicatorsHeading: "二、引用的指标",
  none: "无",
  emptyValue: "—",
  projectColumns: ["名称", "责任单位", "状态", "总投资（亿元）", "关键指标"],
  indicatorColumns: ["名称", "单位", "基期值", "当前值（日期）", "目标值（年份）"],
  projectStatus: {
    planned: "前期谋划",
    under_construction: "在建",
    in_production: "已投产",
    completed: "已完成",
    suspended: "暂缓实施",
  } as Record<string, string>,
  deletedProject: "（已删除的项目）",
  deletedIndicator: "（已删除的指标）",
  valueWithYear: (value: string, year: number | null) => (year === null ? value : `${value}（${year}年）`),
  valueWithPeriod: (value: string, period: string) => `${value}（${period}）`,
  figure: (label: string, value: string, unit: string) => `${label}${value}${unit}`,
  figureSeparator: "；",
  redlineTitle: (title: string) => `修订对比：${title}`,
  redlineBetween: (from: string, to: string) => `比较：${from} → ${to}`,
  redlineLegend: "插入和删除以修订标记显示（审阅 → 修订），作者为修改人；未标明作者的文字为导入的原始文本。",
  redlineCurrent: "当前内容",
  redlineApproved: (label: string) => `上次审阅通过的版本「${label}」`,
  redlineVersion: (label: string, date: string) => `版本「${label}」（${date}）`,
  redlineNothing: "（空白）",
  originalText: "原始文本",
  person: (name: string, department: string) => `${name}（${department}）`,
} as const;

/** 2026年11月26日, in China Standard Time (the 成文日期 of GB/T 9704 uses Arabic numerals). */
export function chineseDate(date: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "numeric", day: "numeric" }).formatToParts(date);
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
  return `${part("year")}年${part("month")}月${part("day")}日`;
}

/** A figure as written in the document: digits, up to four decimals, no thousands separators (as in the text). */
export function figureText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return exportVocabulary.emptyValue;
  return String(Number(value.toFixed(4)));
}
