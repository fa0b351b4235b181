/**
 * A number as people type it (full-width digits, thousands separators, 亿元 written as 12.5),
 * the same leniency as the CSV import. Empty input is `null`; anything else unreadable is NaN.
 */
export function parseNumberInput(raw: string): number | null {
  const normalized = raw
    .trim()
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[．]/g, ".")
    .replace(/[－]/g, "-")
    .replace(/[,，\s]/g, "");
  if (normalized === "") return null;
  if (!/^-?\d+(\.\d+)?$/.test(normalized)) return Number.NaN;
  return Number(normalized);
}
