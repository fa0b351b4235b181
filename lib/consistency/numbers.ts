/**
 * Finds the figures ("1567 家", "903.2 亿元", "突破 800 家", "93% 左右") stated in Chinese plan
 * text, so that they can be compared with the tracked value of an indicator or project.
 *
 * Normalization (one rule for every figure):
 * - `value` is the number as written, without its magnitude word: 「903.2 亿元」 → 903.2.
 * - `unit` is the unit as written, magnitude word included: 「903.2 亿元」 → "亿元",
 *   「36 万台」 → "万台", 「93%」 → "%", 「1.2 万」 → "万". A number with no unit word → "".
 * - `scale` is the multiplier of the magnitude word (亿 → 1e8, 万 → 1e4, 千万 → 1e7, none → 1),
 *   `scaled` = value × scale computed without floating-point noise, and `baseUnit` is the unit
 *   without its magnitude word (「903.2 亿元」 → scaled 90320000000, baseUnit "元"). Compare two
 *   figures through `scaled` and `baseUnit`, whatever magnitude each one was written in.
 * - `step` is the place value of the last written digit, in `value` units (93 → 1, 903.2 → 0.1),
 *   so a reader can allow for rounding: 「93%」 stands for anything within 93 ± 0.5.
 * - `start`/`end` delimit the figure in the input (UTF-16 offsets, end exclusive), qualifier
 *   words included: 「突破 800 家」, 「93% 左右」; `raw` is that slice of the input.
 *
 * Qualifiers (the relation between the stated figure X and the true value V):
 * - atLeast (V ≥ X): 突破, 超过, 超, 逾, 不少于, 不低于, 至少, X 以上.
 *   「突破/超过 X」 is read as "at least" rather than "strictly more", because registries record
 *   the round threshold itself (the seed records 800 for 「突破 800 家」).
 * - moreThan (V > X): 大于, 高于, 多于, X 多 / X 余 (「800 余家」, 「10 多万元」).
 * - about (V within ±5 % of X): 约, 约为, 大约, 大概, 大致, 近, 接近, 将近, X 左右, X 上下.
 * - atMost (V ≤ X): 不超过, 不高于, 不多于, 不大于, 至多, 最多, X 以下, X 以内.
 * - lessThan (V < X): 不足, 不到, 不满, 未满, 低于, 少于, 小于.
 * - exact otherwise (「达到 1567 家」).
 *
 * Ranges 「3 至 5 年」, 「3—5 亿元」 yield two figures sharing the range's span and unit: the
 * low end as atLeast, the high end as atMost. A unit written only after the high end applies to
 * both.
 *
 * Chinese numerals are supported modestly: 一…九, 两, 零/〇, 十, 百, 千 in the standard form
 * (三, 十二, 二十, 一百零四, 三千五百), followed by 万/亿 (三亿元, 十五万台). A Chinese numeral
 * is a figure only when a unit or magnitude word follows it (三个方面 yes, 三大改造 / 九大 /
 * 十分 no); a lone 一 or 零 is never a figure (一个时期, 进一步, 一批); approximate or
 * colloquial forms (几十, 十几, 数十, 两三个, 三五年, 三百五) are not figures.
 * 百分之 + number (百分之九十三, 百分之 93) is a percentage.
 *
 * Not figures (dropped): years (2020 年, 2020—2025 年, a bare 19xx/20xx integer, 2020 创新年),
 * dates and months/days (2020-09-18, 2020.9.18, 2020.9, 9 月 18 日), times (8:30), ordinals (第 3 位,
 * 第三, 第一批), phone numbers (0374-1234567, (0374)1234567, 13812345678, 400-123-4567),
 * enumerators and section numbers at the start of a line (2.1 …, 1、, (1)), any number with two
 * or more dots (2.1.3), versions (2.0 版, V2.0), and digits glued to Latin letters (5G, 3D,
 * PM2.5). Negative numbers are not recognized (a leading "-" is read as a separator).
 */

/** How a stated figure X constrains the true value V. See the module comment for the words. */
export type Qualifier = "exact" | "atLeast" | "moreThan" | "about" | "atMost" | "lessThan";

/** A figure stated in text. See the module comment for the normalization rules. */
export type Figure = {
  /** The number as written, without magnitude word: 「903.2 亿元」 → 903.2. */
  value: number;
  /** The unit as written, magnitude word included ("亿元", "万台", "%", "家"); "" when none. */
  unit: string;
  /** `unit` without its magnitude word ("元", "台", "%", "家"); "" for "" and for a bare "万". */
  baseUnit: string;
  /** Multiplier of the magnitude word in `unit`: 1e8 for 亿, 1e4 for 万, 1 when none. */
  scale: number;
  /** `value` × `scale`, e.g. 90320000000 for 「903.2 亿元」. */
  scaled: number;
  /** Place value of the last written digit, in `value` units: 1 for 「93%」, 0.1 for 903.2. */
  step: number;
  /** Relation between the stated figure and the true value. */
  qualifier: Qualifier;
  /** Offset of the figure's first character in the input, qualifier words included. */
  start: number;
  /** Offset just after the figure's last character, qualifier words included. */
  end: number;
  /** The input text between `start` and `end`. */
  raw: string;
};

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

/** Magnitude words and their powers of ten. 千 alone is not one (千米, 千瓦, 千克 are units). */
const SCALE_WORDS: [string, number][] = [
  ["万亿", 12],
  ["千亿", 11],
  ["百亿", 10],
  ["十亿", 9],
  ["千万", 7],
  ["百万", 6],
  ["十万", 5],
  ["亿", 8],
  ["万", 4],
];

/** Unit words recognized after a number (matched longest first). */
const UNIT_WORDS: string[] = [
  // money
  "元", "美元", "欧元", "港元", "日元",
  // counts
  "家", "个", "名", "人", "人次", "位", "项", "条", "座", "台", "套", "块", "辆", "架", "艘",
  "件", "款", "种", "类", "所", "栋", "户", "批", "次", "场", "届", "支", "只", "张", "处",
  "宗", "笔", "篇", "份", "株", "棵", "组", "枚", "颗", "根", "册", "床位", "标箱",
  // measures
  "平方公里", "平方千米", "平方米", "公里", "千米", "米", "亩", "公顷", "吨", "千克", "公斤",
  "立方米", "千瓦", "千瓦时", "兆瓦", "千伏",
  // durations (a year such as 「2020 年」 is recognized and dropped separately)
  "天", "年", "个月", "周", "周年", "小时", "分钟",
  // ratios
  "%", "‰", "个百分点", "倍",
].sort((a, b) => b.length - a.length);

type QualifierWord = [word: string, qualifier: Qualifier];

/** Words before a number. Matched longest first, so 不超过 wins over 超过. */
const BEFORE_WORDS: QualifierWord[] = (
  [
    ["不少于", "atLeast"], ["不低于", "atLeast"], ["不下于", "atLeast"], ["至少", "atLeast"],
    ["最少", "atLeast"], ["突破", "atLeast"], ["超过", "atLeast"], ["超", "atLeast"],
    ["逾", "atLeast"],
    ["多于", "moreThan"], ["大于", "moreThan"], ["高于", "moreThan"],
    ["约为", "about"], ["大约", "about"], ["大概", "about"], ["大致", "about"], ["约", "about"],
    ["接近", "about"], ["将近", "about"], ["近", "about"],
    ["不超过", "atMost"], ["不高于", "atMost"], ["不多于", "atMost"], ["不大于", "atMost"],
    ["至多", "atMost"], ["最多", "atMost"],
    ["不足", "lessThan"], ["不到", "lessThan"], ["不满", "lessThan"], ["未满", "lessThan"],
    ["低于", "lessThan"], ["少于", "lessThan"], ["小于", "lessThan"],
  ] as QualifierWord[]
).sort((a, b) => b[0].length - a[0].length);

/**
 * Characters that, just before a one-character qualifier word, make it part of another word:
 * 节约/制约/签约… are not 约 (about), 最近/附近 are not 近, 赶超 is not 超.
 */
const BEFORE_WORD_BLOCKERS: Record<string, string> = {
  约: "节制签预合履特违集简公条相邀契",
  近: "最附就靠邻亲贴临",
  超: "赶高",
};

/** Words after a number (and its unit). */
const AFTER_WORDS: QualifierWord[] = [
  ["左右", "about"],
  ["上下", "about"],
  ["以上", "atLeast"],
  ["以下", "atMost"],
  ["以内", "atMost"],
];

/** Characters that, just after an after-word, make it part of another word (上下游, 以上市). */
const AFTER_WORD_BLOCKERS: Record<string, string> = {
  上下: "游级文班车楼层联行线半册卷篇肢句铺床齐同一",
  以上: "市",
  以下: "市",
};

/** Separators between the two ends of a range: 3 至 5 年, 3—5 个, 3~5 天. */
const RANGE_SEPARATORS = new Set(["至", "到", "—", "——", "–", "-", "~", "〜"]);

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
/** A Chinese numeral may start with a digit or with 十 (十二 = 12), never with 百 or 千. */
const CN_START = new Set([...Object.keys(CN_DIGITS), "十"]);
const CN_CHARS = new Set([...Object.keys(CN_DIGITS), ...Object.keys(CN_UNITS)]);
/** Before a Chinese numeral: ordinal (第三), approximate (几十, 数十) or a weekday/day (周三, 初三). */
const CN_BLOCKED_BEFORE = ["第", "几", "数", "初", "周", "星期", "礼拜"];

/** Text patterns whose digits are never figures: dates, times and phone numbers. */
const MASK_PATTERNS: RegExp[] = [
  // dates: 2020-09-18, 2020/9/18, 2020.9.18, 2020-09, 2020/9 (not 2020.9: could be a value)
  /(?<![\d.])(?:19|20)\d{2}([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?![\d.])/g,
  /(?<![\d.])(?:19|20)\d{2}[-/](?:0?[1-9]|1[0-2])(?![\d.])/g,
  // times and ratios: 8:30, 1:1
  /(?<!\d)\d{1,2}:\d{1,2}(?!\d)/g,
  // landlines with area code: 0374-1234567, (0374)1234567, 0374 12345678
  /(?<!\d)\(?0\d{2,3}\)?[-— ]?\d{7,8}(?!\d)/g,
  // service numbers: 400-123-4567, 800 123 4567
  /(?<!\d)[48]00[- ]?\d{3}[- ]?\d{4}(?!\d)/g,
  // mobiles with country code: +86 13812345678
  /\+?86[- ]?1[3-9]\d{9}(?!\d)/g,
];

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * All figures stated in `text`, in text order. Years, dates, ordinals, phone numbers, section
 * and version numbers are left out; see the module comment for every rule.
 */
export function findFigures(text: string): Figure[] {
  const s = normalize(text);
  const masks = maskedSpans(s);
  const tokens = scan(s);
  for (const t of tokens) {
    if (masks.some(([a, b]) => t.numStart < b && t.numEnd > a)) t.drop = true;
    else if (isNoise(s, t)) t.drop = true;
  }
  linkRanges(s, tokens);
  return tokens.filter((t) => !t.drop).map((t) => toFigure(text, t));
}

/**
 * Splits a unit as stored in a registry or written in text into its magnitude and base unit:
 * "亿元" → { scale: 1e8, baseUnit: "元" }, "万台" → { 1e4, "台" }, "家" → { 1, "家" },
 * "万" → { 1e4, "" }, "千瓦" → { 1, "千瓦" }.
 */
export function parseUnit(unit: string): { scale: number; baseUnit: string } {
  const u = normalize(unit.trim());
  for (const [word, exp] of SCALE_WORDS) {
    if (u.startsWith(word)) return { scale: 10 ** exp, baseUnit: u.slice(word.length) };
  }
  return { scale: 1, baseUnit: u };
}

/**
 * Whether two base units (see `parseUnit`) measure the same thing: equal, or known synonyms
 * (名/人, 公里/千米, 平方公里/平方千米, 千克/公斤). "" is compatible with nothing.
 */
export function sameBaseUnit(a: string, b: string): boolean {
  if (a === "" || b === "") return false;
  return canonicalUnit(a) === canonicalUnit(b);
}

// ---------------------------------------------------------------------------
// Scanning
// ---------------------------------------------------------------------------

/** A candidate number and its surroundings, before the noise and range rules are applied. */
type Token = {
  kind: "arabic" | "chinese";
  /** Span of the numeral itself (for 百分之九十三: of 九十三). */
  numStart: number;
  numEnd: number;
  /** Decimal digits of the value, e.g. "1567", "903.2" (separators removed). */
  digits: string;
  /** True when the numeral had thousands separators (1,567): then it is not a year. */
  grouped: boolean;
  /** True for 2.1.3 and similar: never a figure. */
  multiDot: boolean;
  /** False for malformed Chinese numerals (十四五, 三百五). */
  valid: boolean;
  /** True for 百分之…: the unit is "%". */
  percentWord: boolean;
  scaleExp: number;
  scaleWord: string;
  unit: string;
  qualifier: Qualifier;
  start: number;
  end: number;
  drop: boolean;
};

function scan(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    let token: Token | null = null;
    if (s.startsWith("百分之", i)) {
      const at = skipSpaces(s, i + 3);
      token = isDigit(s[at]) ? readArabic(s, at) : CN_START.has(s[at]) ? readChinese(s, at) : null;
      if (token) {
        token.percentWord = true;
        token.start = i;
      } else {
        i += 3;
        continue;
      }
    } else if (isDigit(s[i])) {
      token = readArabic(s, i);
    } else if (CN_START.has(s[i])) {
      token = readChinese(s, i);
    }
    if (!token) {
      i++;
      continue;
    }
    readSuffix(s, token);
    readPrefix(s, token);
    tokens.push(token);
    i = Math.max(token.end, token.numEnd, i + 1);
  }
  return tokens;
}

function newToken(kind: Token["kind"], numStart: number, numEnd: number, digits: string): Token {
  return {
    kind,
    numStart,
    numEnd,
    digits,
    grouped: false,
    multiDot: false,
    valid: true,
    percentWord: false,
    scaleExp: 0,
    scaleWord: "",
    unit: "",
    qualifier: "exact",
    start: numStart,
    end: numEnd,
    drop: false,
  };
}

/** Reads 1567, 1,567, 903.2, 2.1.3 starting at a digit. */
function readArabic(s: string, at: number): Token {
  let j = at;
  while (isDigit(s[j])) j++;
  let digits = s.slice(at, j);
  let grouped = false;
  // Thousands groups: only after a 1–3 digit head, and only groups of exactly three digits, so
  // that 「6,18 家」 or a sentence comma after a number is not swallowed.
  if (digits.length <= 3) {
    while (s[j] === "," && isDigitRun(s, j + 1, 3) && !isDigit(s[j + 4])) {
      digits += s.slice(j + 1, j + 4);
      j += 4;
      grouped = true;
    }
  }
  let multiDot = false;
  if (s[j] === "." && isDigit(s[j + 1])) {
    let k = j + 1;
    while (isDigit(s[k])) k++;
    digits += s.slice(j, k);
    j = k;
    while (s[j] === "." && isDigit(s[j + 1])) {
      multiDot = true;
      j++;
      while (isDigit(s[j])) j++;
    }
  }
  const token = newToken("arabic", at, j, digits);
  token.grouped = grouped;
  token.multiDot = multiDot;
  return token;
}

/** Reads a run of Chinese numeral characters starting at a digit or 十. */
function readChinese(s: string, at: number): Token {
  let j = at;
  while (j < s.length && CN_CHARS.has(s[j])) j++;
  const value = parseChineseInteger(s.slice(at, j));
  const token = newToken("chinese", at, j, value === null ? "0" : String(value));
  token.valid = value !== null;
  return token;
}

/**
 * Standard-form Chinese integer below 10000: 三 → 3, 十二 → 12, 二十 → 20, 一百零四 → 104,
 * 三千五百 → 3500. Null for anything else (十四五, 三五, 三百五, 一百零).
 */
export function parseChineseInteger(text: string): number | null {
  if (text === "") return null;
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  // 零 bridges a gap before a later digit (一百零四, 一千零五十); `bridged` remembers that the
  // digit after it is a units digit and not a colloquial abbreviation (三百五 = 350).
  let pendingZero = false;
  let bridged = false;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (ch in CN_DIGITS) {
      const d = CN_DIGITS[ch];
      if (d === 0) {
        if (pendingZero || digit !== null || lastUnit === Infinity) return null;
        pendingZero = true;
        continue;
      }
      if (digit !== null) return null;
      if (pendingZero) {
        pendingZero = false;
        bridged = true;
      }
      digit = d;
    } else if (ch in CN_UNITS) {
      const unit = CN_UNITS[ch];
      if (unit >= lastUnit || pendingZero) return null;
      // A leading 十 stands for 一十 (十二 = 12).
      const multiplier = digit ?? (k === 0 && unit === 10 ? 1 : null);
      if (multiplier === null) return null;
      total += multiplier * unit;
      lastUnit = unit;
      digit = null;
    } else {
      return null;
    }
  }
  if (pendingZero) return null;
  if (digit !== null) {
    // 三百五 is colloquial for 350 and reads like a list of numbers: only 十 may be followed
    // directly by its units digit (十二, 三十五); others need 零 (一百零四).
    if (lastUnit !== Infinity && lastUnit > 10 && !bridged) return null;
    total += digit;
  }
  return total;
}

/** Reads 多/余, the magnitude word, the unit and a trailing qualifier after the numeral. */
function readSuffix(s: string, t: Token): void {
  let j = skipSpaces(s, t.numEnd);
  let approx = false;
  const takeApprox = () => {
    // 800 余家, 10 多万元: only when a magnitude or unit word follows, so 「3 多」 is not read.
    if ((s[j] === "多" || s[j] === "余") && (scaleAt(s, j + 1) || unitAt(s, j + 1))) {
      approx = true;
      j++;
    }
  };
  let matched = false;
  takeApprox();
  const scale = scaleAt(s, j);
  if (scale) {
    t.scaleWord = scale[0];
    t.scaleExp = scale[1];
    j += scale[0].length;
    matched = true;
    takeApprox();
  }
  const unit = t.percentWord ? null : unitAt(s, j);
  if (unit) {
    t.unit = unit;
    j += unit.length;
    matched = true;
  }
  if (t.percentWord) {
    t.unit = "%";
    matched = true;
  }
  // Without a magnitude or unit word the figure ends at the numeral, not after the spaces.
  t.end = matched ? j : t.numEnd;
  const k = skipSpaces(s, t.end);
  for (const [word, qualifier] of AFTER_WORDS) {
    if (s.startsWith(word, k) && !(AFTER_WORD_BLOCKERS[word] ?? "").includes(s[k + word.length] ?? "\0")) {
      t.qualifier = qualifier;
      t.end = k + word.length;
      break;
    }
  }
  if (t.qualifier === "exact" && approx) t.qualifier = "moreThan";
}

/** Reads a qualifier word just before the numeral; it wins over one written after. */
function readPrefix(s: string, t: Token): void {
  const end = trimEndSpaces(s, t.start);
  for (const [word, qualifier] of BEFORE_WORDS) {
    const from = end - word.length;
    if (from < 0 || !s.startsWith(word, from)) continue;
    const blockers = BEFORE_WORD_BLOCKERS[word];
    if (blockers && from > 0 && blockers.includes(s[from - 1])) continue;
    t.qualifier = qualifier;
    t.start = from;
    return;
  }
}

// ---------------------------------------------------------------------------
// Noise rules
// ---------------------------------------------------------------------------

/** Whether a token is not a figure (year, date, ordinal, enumerator, version, identifier…). */
function isNoise(s: string, t: Token): boolean {
  const before = s.slice(0, trimEndSpaces(s, t.numStart));
  const after = s.slice(skipSpaces(s, t.numEnd));
  const hasUnit = t.unit !== "" || t.scaleWord !== "";
  // Ordinals: 第 3 位, 第三, 第一批.
  if (before.endsWith("第")) return true;
  if (t.kind === "chinese") {
    if (!t.valid || !hasUnit) return true;
    if (CN_BLOCKED_BEFORE.some((w) => before.endsWith(w)) || after.startsWith("几")) return true;
    // A lone 一 or 零 is idiomatic (一批, 一个时期) unless a magnitude follows (一亿元).
    const numeral = s.slice(t.numStart, t.numEnd);
    if ((numeral === "一" || CN_DIGITS[numeral] === 0) && !t.scaleWord) return true;
    return false;
  }
  if (t.multiDot) return true;
  // Identifiers: 5G, 3D, V2.0, PM2.5, IPv6.
  if (/[A-Za-z]$/.test(s.slice(0, t.numStart)) || /^[A-Za-z]/.test(s.slice(t.numEnd))) return true;
  const integer = !t.digits.includes(".");
  // Leading zeros: area codes, codes like 007.
  if (integer && t.digits.length > 1 && t.digits.startsWith("0")) return true;
  // Years: 2020 年, a bare 2020 (2020 创新年行动, 2020—2025 年).
  if (integer && !t.grouped && /^(19|20)\d{2}$|^2100$/.test(t.digits) && !t.scaleWord) {
    if (t.unit === "" || t.unit === "年") return true;
  }
  if (!hasUnit) {
    // Months and days: 9 月, 18 日, 3 号.
    if (/^[月日号]/.test(after)) return true;
    // Versions: 2.0 版, 3.0 版本.
    if (after.startsWith("版")) return true;
    // Mobile numbers.
    if (integer && /^1[3-9]\d{9}$/.test(t.digits)) return true;
    // Year and month: 2020.9.
    if (/^(19|20)\d{2}\.(0?[1-9]|1[0-2])$/.test(t.digits)) return true;
    // Enumerators and section numbers at the start of a line: 2.1 总体要求, 1、, 1., (1).
    // (Not the low end of a range: 「3 至 5 年内」.)
    const lineStart = before.slice(before.lastIndexOf("\n") + 1);
    if (/^[\s(]*$/.test(lineStart) && !startsRange(after)) return true;
    // A number in its own brackets: (1).
    if (before.endsWith("(") && after.startsWith(")")) return true;
  }
  return false;
}

/**
 * Links `A 至 B` pairs: the low end becomes atLeast and the high end atMost, both spanning the
 * whole range; a unit written once after B applies to A too.
 */
function linkRanges(s: string, tokens: Token[]): void {
  for (let k = 0; k + 1 < tokens.length; k++) {
    const a = tokens[k];
    const b = tokens[k + 1];
    if (a.drop || b.drop) continue;
    const between = s.slice(a.end, b.start).trim();
    if (!RANGE_SEPARATORS.has(between)) continue;
    const aBase = parseUnit(a.unit).baseUnit;
    const bBase = parseUnit(b.unit).baseUnit;
    const aHasUnit = a.unit !== "" || a.scaleWord !== "";
    const bHasUnit = b.unit !== "" || b.scaleWord !== "";
    if (aHasUnit && bHasUnit && aBase !== bBase) continue;
    if (!aHasUnit) copyUnit(b, a);
    if (!bHasUnit) copyUnit(a, b);
    const start = a.start;
    const end = b.end;
    a.start = b.start = start;
    a.end = b.end = end;
    if (a.qualifier === "exact") a.qualifier = "atLeast";
    if (b.qualifier === "exact") b.qualifier = "atMost";
    k++;
  }
}

/** Whether `text` starts with a range separator followed by a number: 「至 5 年」. */
function startsRange(text: string): boolean {
  for (const sep of RANGE_SEPARATORS) {
    if (text.startsWith(sep) && /^\s*\d/.test(text.slice(sep.length))) return true;
  }
  return false;
}

function copyUnit(from: Token, to: Token): void {
  to.unit = from.unit;
  to.scaleWord = from.scaleWord;
  to.scaleExp = from.scaleExp;
  to.percentWord = from.percentWord;
}

function toFigure(text: string, t: Token): Figure {
  const unit = t.percentWord ? "%" : t.scaleWord + t.unit;
  const decimals = t.digits.includes(".") ? t.digits.length - t.digits.indexOf(".") - 1 : 0;
  return {
    value: Number(t.digits),
    unit,
    baseUnit: t.percentWord ? "%" : t.unit,
    scale: 10 ** t.scaleExp,
    scaled: Number(shiftDecimal(t.digits, t.scaleExp)),
    step: Number(decimals === 0 ? "1" : `0.${"0".repeat(decimals - 1)}1`),
    qualifier: t.qualifier,
    start: t.start,
    end: t.end,
    raw: text.slice(t.start, t.end),
  };
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/**
 * Maps full-width digits, letters and punctuation to ASCII one character for one character, so
 * that offsets in the normalized text are offsets in the input.
 */
function normalize(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code >= 0xff01 && code <= 0xff5e) {
      // Full-width ASCII block: ０-９, Ａ-Ｚ, ．，％（）－～：／ …
      out += String.fromCharCode(code - 0xfee0);
    } else if (ch === "\u3000" || ch === "\u00a0") {
      out += " ";
    } else {
      out += ch;
    }
  }
  return out;
}

function maskedSpans(s: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const pattern of MASK_PATTERNS) {
    for (const m of s.matchAll(pattern)) spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

/** "903.2" shifted by 8 places → "90320000000", exactly (no 903.2 * 1e8 rounding noise). */
function shiftDecimal(digits: string, exp: number): string {
  const [intPart, frac = ""] = digits.split(".");
  if (exp === 0) return digits;
  const padded = frac.padEnd(exp, "0");
  const rest = padded.slice(exp);
  return `${intPart}${padded.slice(0, exp)}${rest ? `.${rest}` : ""}`;
}

function scaleAt(s: string, at: number): [string, number] | null {
  for (const entry of SCALE_WORDS) if (s.startsWith(entry[0], at)) return entry;
  return null;
}

function unitAt(s: string, at: number): string | null {
  for (const unit of UNIT_WORDS) if (s.startsWith(unit, at)) return unit;
  return null;
}

const UNIT_SYNONYMS: Record<string, string> = {
  人: "名",
  千米: "公里",
  平方千米: "平方公里",
  公斤: "千克",
};

function canonicalUnit(unit: string): string {
  return UNIT_SYNONYMS[unit] ?? unit;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

function isDigitRun(s: string, at: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (!isDigit(s[at + k])) return false;
  return true;
}

function skipSpaces(s: string, at: number): number {
  while (at < s.length && (s[at] === " " || s[at] === "\t")) at++;
  return at;
}

function trimEndSpaces(s: string, at: number): number {
  while (at > 0 && (s[at - 1] === " " || s[at - 1] === "\t")) at--;
  return at;
}
