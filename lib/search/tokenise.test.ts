import { describe, expect, it } from "vitest";
import { chunkUnits, findMatches, MAX_UNIT_LENGTH, passageOf, searchQuery, tokenise, tsvectorLiteral } from "./tokenise";

const texts = (text: string) => tokenise(text).map((unit) => unit.text);

describe("tokenise", () => {
  it("makes each CJK character a unit and each letter/digit run one lower-cased unit", () => {
    expect(texts("黄河鲲鹏服务器和PC机")).toEqual(["黄", "河", "鲲", "鹏", "服", "务", "器", "和", "pc", "机"]);
    expect(texts("2020年产能36万台，5G基站")).toEqual(["2020", "年", "产", "能", "36", "万", "台", "5g", "基", "站"]);
  });

  it("lets punctuation and spaces only separate units, and keeps source offsets", () => {
    expect(tokenise("Kunpeng 920、鲲鹏")).toEqual([
      { text: "kunpeng", start: 0, end: 7, cjk: false },
      { text: "920", start: 8, end: 11, cjk: false },
      { text: "鲲", start: 12, end: 13, cjk: true },
      { text: "鹏", start: 13, end: 14, cjk: true },
    ]);
    expect(texts("36.5亿元")).toEqual(["36", "5", "亿", "元"]);
  });

  it("reads full-width letters and digits as their half-width twins", () => {
    expect(texts("ＰＣ机２０２５")).toEqual(["pc", "机", "2025"]);
  });

  it("counts offsets in UTF-16 code units for characters outside the BMP", () => {
    const [first, second] = tokenise("𠀀鹏");
    expect(first).toEqual({ text: "𠀀", start: 0, end: 2, cjk: true });
    expect(second).toMatchObject({ text: "鹏", start: 2, end: 3 });
  });

  it("cuts very long runs so no lexeme exceeds Postgres' limit", () => {
    const [unit] = tokenise("a".repeat(5000));
    expect(unit!.text).toHaveLength(MAX_UNIT_LENGTH);
    expect(unit!.end).toBe(5000);
  });
});

describe("tsvectorLiteral", () => {
  it("lists unigrams and bigrams with their positions", () => {
    expect(tsvectorLiteral(tokenise("鲲鹏鲲"))).toBe("'鲲':1,3 '鲲鹏':1 '鹏':2 '鹏鲲':2");
    expect(tsvectorLiteral(tokenise("PC机"))).toBe("'pc':1 'pc机':1 '机':2");
  });
});

describe("searchQuery", () => {
  it("turns 2–4 Chinese characters into a phrase of bigrams", () => {
    expect(searchQuery("鲲鹏")!.tsquery).toBe("'鲲鹏'");
    expect(searchQuery("服务器")!.tsquery).toBe("'服务' <-> '务器'");
    expect(searchQuery("生产基地")!.tsquery).toBe("'生产' <-> '产基' <-> '基地'");
  });

  it("uses a unigram for one character and a prefix for a trailing word", () => {
    expect(searchQuery("鹏")!.tsquery).toBe("'鹏'");
    expect(searchQuery("Kun")!.tsquery).toBe("'kun':*");
    expect(searchQuery("鲲鹏Kun")!.tsquery).toBe("'鲲鹏' <-> '鹏kun':*");
    expect(searchQuery("PC机")!.tsquery).toBe("'pc机'");
  });

  it("has no query for punctuation alone", () => {
    expect(searchQuery(" ，。!? ")).toBeNull();
  });
});

describe("findMatches", () => {
  const find = (text: string, query: string) => findMatches(text, searchQuery(query)!.units);

  it("finds every occurrence, case-insensitively", () => {
    expect(find("黄河鲲鹏服务器和PC机许昌生产基地", "鲲鹏")).toEqual([[2, 4]]);
    expect(find("黄河鲲鹏服务器和PC机许昌生产基地", "pc机")).toEqual([[8, 11]]);
    expect(find("鲲鹏与鲲鹏", "鲲鹏")).toEqual([
      [0, 2],
      [3, 5],
    ]);
  });

  it("ignores spaces and punctuation between units, not the units themselves", () => {
    expect(find("PC 机", "PC机")).toEqual([[0, 4]]);
    expect(find("IPC机", "PC机")).toEqual([]);
    expect(find("鲲 鹏", "鲲鹏")).toEqual([[0, 3]]);
    expect(find("鲲鸟鹏", "鲲鹏")).toEqual([]);
  });

  it("matches a trailing word by prefix and highlights only the typed part", () => {
    expect(find("华为Kunpeng920", "kunpeng")).toEqual([[2, 9]]);
    expect(find("华为Kunpeng920", "华为kun")).toEqual([[0, 5]]);
  });
});

describe("chunkUnits", () => {
  it("splits long texts with an overlap so a phrase at the seam is still found", () => {
    const units = tokenise("字".repeat(10));
    const chunks = chunkUnits(units, 4, 2);
    expect(chunks.map((chunk) => chunk.map((unit) => unit.start))).toEqual([
      [0, 1, 2, 3],
      [2, 3, 4, 5],
      [4, 5, 6, 7],
      [6, 7, 8, 9],
    ]);
    expect(chunkUnits(units)).toEqual([units]);
  });
});

describe("passageOf", () => {
  it("keeps a short text whole", () => {
    expect(passageOf("鲲鹏", [[0, 2]])).toEqual({ text: "鲲鹏", highlights: [[0, 2]] });
  });

  it("cuts a window around the first highlight and moves the ranges", () => {
    const text = `${"甲".repeat(100)}鲲鹏${"乙".repeat(100)}`;
    const passage = passageOf(text, [[100, 102]], 40);
    expect(passage.text.startsWith("…")).toBe(true);
    expect(passage.text.endsWith("…")).toBe(true);
    const [[start, end]] = passage.highlights as [[number, number]];
    expect(passage.text.slice(start, end)).toBe("鲲鹏");
  });
});
