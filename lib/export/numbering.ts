/**
 * Heading numbers of an official document (GB/T 9704-2012 §7.3.3): 一、 → （一） → 1. → （1）,
 * by depth. Deeper headings carry no number (the standard names four levels).
 */

const DIGITS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (numbers up to 9999). */
export function chineseNumeral(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 9999) return String(value);
  if (value < 10) return DIGITS[value]!;
  if (value < 20) return `十${value % 10 ? DIGITS[value % 10] : ""}`;
  const units = ["", "十", "百", "千"];
  const digits = String(value).split("").map(Number);
  let text = "";
  let pendingZero = false;
  digits.forEach((digit, index) => {
    const unit = units[digits.length - 1 - index]!;
    if (digit === 0) {
      pendingZero = text !== "";
      return;
    }
    if (pendingZero) text += "零";
    pendingZero = false;
    text += DIGITS[digit] + unit;
  });
  return text;
}

/** How many heading depths carry a number. */
export const NUMBERED_DEPTHS = 4;

/** The number of the `index`-th (1-based) heading at `depth` (0 = 一、), or "" below the fourth level. */
export function headingNumber(depth: number, index: number): string {
  switch (depth) {
    case 0:
      return `${chineseNumeral(index)}、`;
    case 1:
      return `（${chineseNumeral(index)}）`;
    case 2:
      return `${index}.`;
    case 3:
      return `（${index}）`;
    default:
      return "";
  }
}

/**
 * Hands out heading numbers in reading order: a heading at some depth takes the next number at
 * that depth and restarts every deeper count.
 */
export class HeadingCounter {
  private readonly counts: number[] = [];

  next(depth: number): string {
    while (this.counts.length <= depth) this.counts.push(0);
    this.counts[depth]! += 1;
    this.counts.length = depth + 1;
    return headingNumber(depth, this.counts[depth]!);
  }
}
