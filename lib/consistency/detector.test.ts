import { describe, expect, it } from "vitest";
import {
  CHIP_PLACEHOLDER,
  collectSentences,
  detectInconsistencies,
  satisfies,
  type EntityValues,
  type IndicatorValue,
  type ProjectValue,
} from "./detector";
import type { DocJson } from "./links";
import { findFigures } from "./numbers";

// ---------------------------------------------------------------------------
// Document builders: strings are text, { i } an indicator chip, { p } a project chip.
// ---------------------------------------------------------------------------

type Part = string | { i: string } | { p: string };

function inline(part: Part): DocJson {
  if (typeof part === "string") return { type: "text", text: part };
  if ("i" in part) return { type: "indicatorRef", attrs: { id: part.i } };
  return { type: "projectRef", attrs: { id: part.p } };
}
const para = (...parts: Part[]): DocJson => ({ type: "paragraph", content: parts.map(inline) });
const doc = (...content: DocJson[]): DocJson => ({ type: "doc", content });
const row = (type: "tableHeader" | "tableCell", cells: Part[][]): DocJson => ({
  type: "tableRow",
  content: cells.map((parts) => ({ type, content: [para(...parts)] })),
});

// ---------------------------------------------------------------------------
// The registry of the demo plan (values of the 2020 article).
// ---------------------------------------------------------------------------

function indicator(name: string, unit: string, value: number | null, asOf: string | null = "2020-09-30"): IndicatorValue {
  return { name, unit, value, period: "2020", asOf };
}

function registry(overrides: { indicators?: Record<string, Partial<IndicatorValue>>; projects?: Record<string, Partial<ProjectValue>> } = {}): EntityValues {
  const indicators: Record<string, IndicatorValue> = {
    qy: indicator("规模工业企业数", "家", 1567),
    ss: indicator("境内外主板上市企业数", "家", 6),
    xsb: indicator("新三板挂牌企业数", "家", 18),
    zy: indicator("中原股权交易中心挂牌企业数", "家", 800),
    jl: indicator("科技创新累计奖励金额", "亿元", 3),
    jj: indicator("许昌英才基金规模", "亿元", 15),
    td: indicator("引进创业创新人才团队", "个", 74),
    rc: indicator("引进高层次人才", "名", 788),
    xm: indicator("新兴产业项目数", "个", 104),
    tz: indicator("新兴产业项目总投资", "亿元", 903.2),
    zn: indicator("省级智能工厂（车间）数", "家", 19),
    sy: indicator("上云企业数", "家", 2240),
    hy: indicator("工业行业大类覆盖数", "个", 37),
    bz: indicator("制造业占规模以上工业增加值比重", "%", 93),
    none: indicator("尚无数据的指标", "家", null),
  };
  const projects: Record<string, ProjectValue> = {
    kp: {
      name: "黄河鲲鹏服务器和PC机许昌生产基地",
      totalInvestment: null,
      figures: [
        { label: "服务器年产能", value: 36, unit: "万台" },
        { label: "微型计算机年产能", value: 75, unit: "万台" },
        { label: "主板年产能", value: 25, unit: "万块" },
        { label: "建设周期", value: 58, unit: "天" },
        { label: "园区", value: 3, unit: "个" },
        { label: "标准化生产车间", value: 12, unit: "个" },
      ],
    },
    tl: { name: "郑许市域铁路", totalInvestment: null, figures: [{ label: "许昌段站点", value: 11, unit: "个" }] },
  };
  for (const [id, o] of Object.entries(overrides.indicators ?? {})) indicators[id] = { ...indicators[id], ...o };
  for (const [id, o] of Object.entries(overrides.projects ?? {})) projects[id] = { ...projects[id], ...o };
  return { indicators: new Map(Object.entries(indicators)), projects: new Map(Object.entries(projects)) };
}

const withIndicator = (id: string, value: number | null) => registry({ indicators: { [id]: { value } } });

/** The 「发展基础」 section with chips where the entity names stand. */
const foundations = doc(
  para(
    "在国民经济 41 个工业行业大类中，许昌拥有",
    { i: "hy" },
    " 37 个；制造业占规模以上工业增加值的比重",
    { i: "bz" },
    "在 93% 左右；工业总量和工业竞争力均位居全省第 3 位。",
  ),
  para(
    "截至 2020 年 9 月，全市",
    { i: "qy" },
    "达到 1567 家，境内外主板上市企业 6 家，新三板挂牌企业 18 家，在中原股权交易中心挂牌的企业",
    { i: "zy" },
    "突破 800 家。",
  ),
  {
    type: "table",
    content: [
      row("tableHeader", [["指标"], ["数值"], ["备注"]]),
      row("tableCell", [[{ i: "hy" }], ["37 个"], ["国民经济工业行业大类共 41 个"]]),
      row("tableCell", [[{ i: "bz" }], ["93%"], ["约数"]]),
      row("tableCell", [[{ i: "qy" }], ["1567 家"], ["截至 2020 年 9 月"]]),
      row("tableCell", [[{ i: "ss" }], ["6 家"], ["截至 2020 年 9 月"]]),
      row("tableCell", [[{ i: "xsb" }], ["18 家"], ["截至 2020 年 9 月"]]),
      row("tableCell", [[{ i: "zy" }], ["800 家"], ["已突破该数"]]),
    ],
  },
);

const upgrade = doc(
  para(
    "2020 年，全市谋划实施九大新兴产业项目",
    { i: "xm" },
    " 104 个，",
    { i: "tz" },
    " 903.2 亿元；",
    { i: "zn" },
    " 19 家企业入选省级智能工厂（车间），",
    { i: "sy" },
    "达到 2240 家，产业升级取得阶段性成效。",
  ),
  para("设立规模 15 亿元的", { i: "jj" }, "，累计引进", { i: "td" }, " 74 个、", { i: "rc" }, " 788 名。"),
  para("坚持每年召开科技创新大会，", { i: "jl" }, "达到 3 亿元。"),
  {
    type: "bulletList",
    content: [
      {
        type: "listItem",
        content: [para({ p: "kp" }, "具备年产服务器 36 万台、微型计算机 75 万台、主板 25 万块的生产能力。")],
      },
      {
        type: "listItem",
        content: [para({ p: "kp" }, "已建设园区 3 个、标准化生产车间 12 个，仅用 58 天即建成投产。")],
      },
    ],
  },
  para("统筹谋划", { p: "tl" }, "许昌段 11 个站点及沿线区域的产业规划。"),
);

// ---------------------------------------------------------------------------

describe("detectInconsistencies", () => {
  it("reports nothing when the plan agrees with the registry", () => {
    expect(detectInconsistencies(foundations, registry())).toEqual([]);
    expect(detectInconsistencies(upgrade, registry())).toEqual([]);
  });

  it("reports a stale figure with the sentence, the stated figure and the dated current value", () => {
    const warnings = detectInconsistencies(
      doc(para("截至 2020 年，全市", { i: "sy" }, "达到 2240 家。下一步推动更多企业上云用云。")),
      registry({ indicators: { sy: { value: 2410, asOf: "2021-06-30" } } }),
    );
    expect(warnings).toEqual([
      {
        kind: "indicator",
        entityId: "sy",
        entityName: "上云企业数",
        sentence: "截至 2020 年，全市上云企业数达到 2240 家。",
        stated: { raw: "2240 家", value: 2240, unit: "家", qualifier: "exact" },
        current: { value: 2410, unit: "家", asOf: "2021-06-30" },
      },
    ]);
  });

  it("falls back to the period when the current value has no date", () => {
    const [w] = detectInconsistencies(
      doc(para({ i: "sy" }, "达到 2240 家。")),
      registry({ indicators: { sy: { value: 2410, asOf: null, period: "2021" } } }),
    );
    expect(w.current.asOf).toBe("2021");
  });

  describe("qualifiers", () => {
    const text = doc(para("在中原股权交易中心挂牌的企业", { i: "zy" }, "突破 800 家。"));

    it("「突破 800 家」 holds for 812 and for 800, not for 790", () => {
      expect(detectInconsistencies(text, withIndicator("zy", 812))).toEqual([]);
      expect(detectInconsistencies(text, withIndicator("zy", 800))).toEqual([]);
      const warnings = detectInconsistencies(text, withIndicator("zy", 790));
      expect(warnings).toHaveLength(1);
      expect(warnings[0].stated).toEqual({ raw: "突破 800 家", value: 800, unit: "家", qualifier: "atLeast" });
      expect(warnings[0].current.value).toBe(790);
    });

    it("「800 余家」 needs more than 800", () => {
      const d = doc(para("挂牌企业", { i: "zy" }, " 800 余家。"));
      expect(detectInconsistencies(d, withIndicator("zy", 812))).toEqual([]);
      expect(detectInconsistencies(d, withIndicator("zy", 800))).toHaveLength(1);
    });

    it("「93% 左右」 holds within ±5 %", () => {
      const d = doc(para("制造业占规模以上工业增加值的比重", { i: "bz" }, "为 93% 左右。"));
      expect(detectInconsistencies(d, withIndicator("bz", 94))).toEqual([]);
      expect(detectInconsistencies(d, withIndicator("bz", 97.6))).toEqual([]);
      expect(detectInconsistencies(d, withIndicator("bz", 98))).toHaveLength(1);
    });

    it("an exact 「93%」 allows half a unit of its last digit", () => {
      const d = doc(para({ i: "bz" }, "为 93%。"));
      expect(detectInconsistencies(d, withIndicator("bz", 93.4))).toEqual([]);
      expect(detectInconsistencies(d, withIndicator("bz", 92.5))).toEqual([]);
      expect(detectInconsistencies(d, withIndicator("bz", 95))).toHaveLength(1);
      const precise = doc(para({ i: "bz" }, "为 93.0%。"));
      expect(detectInconsistencies(precise, withIndicator("bz", 93.4))).toHaveLength(1);
    });

    it("「不足」 and 「以下」 bound the value from above", () => {
      const lessThan = doc(para({ i: "xsb" }, "不足 20 家。"));
      expect(detectInconsistencies(lessThan, withIndicator("xsb", 18))).toEqual([]);
      expect(detectInconsistencies(lessThan, withIndicator("xsb", 20))).toHaveLength(1);
      const atMost = doc(para({ i: "xsb" }, " 20 家以下。"));
      expect(detectInconsistencies(atMost, withIndicator("xsb", 20))).toEqual([]);
      expect(detectInconsistencies(atMost, withIndicator("xsb", 21))).toHaveLength(1);
    });
  });

  describe("attribution", () => {
    it("gives each figure to the nearest chip when two chips share a sentence", () => {
      const d = doc(para("全市", { i: "qy" }, "达到 1567 家，", { i: "ss" }, " 6 家。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
      const warnings = detectInconsistencies(d, withIndicator("ss", 7));
      expect(warnings.map((w) => [w.entityId, w.stated.raw, w.current.value])).toEqual([["ss", "6 家", 7]]);
    });

    it("does not let a chip reach back over a clause break for a nearer figure", () => {
      const d = doc(para("全市", { i: "qy" }, "达到 1567 家，", { i: "ss" }, " 6 家。"));
      const warnings = detectInconsistencies(d, withIndicator("qy", 1600));
      expect(warnings.map((w) => [w.entityId, w.stated.raw, w.current.value])).toEqual([["qy", "1567 家", 1600]]);
      const before = doc(para("在国民经济 41 个工业行业大类中，许昌拥有的", { i: "hy" }, "居全省前列。"));
      expect(detectInconsistencies(before, withIndicator("hy", 38))).toEqual([]);
    });

    it("gives a figure halfway between two chips to the chip before it", () => {
      const d = doc(para({ i: "ss" }, " 6 家 ", { i: "xsb" }, "另有 18 家。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
      const warnings = detectInconsistencies(d, withIndicator("ss", 7));
      expect(warnings.map((w) => [w.entityId, w.stated.raw])).toEqual([["ss", "6 家"]]);
    });

    it("on a tie between the figures before and after a chip, checks the one after", () => {
      const d = doc(para("原有 5 家 ", { i: "ss" }, " 6 家。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
      expect(detectInconsistencies(d, withIndicator("ss", 5)).map((w) => w.stated.raw)).toEqual(["6 家"]);
    });

    it("checks each figure against its own chip even when both values changed", () => {
      const d = doc(para({ i: "xm" }, " 104 个，", { i: "tz" }, " 903.2 亿元。"));
      const warnings = detectInconsistencies(
        d,
        registry({ indicators: { xm: { value: 110 }, tz: { value: 950 } } }),
      );
      expect(warnings.map((w) => [w.entityId, w.stated.raw, w.current.value])).toEqual([
        ["xm", "104 个", 110],
        ["tz", "903.2 亿元", 950],
      ]);
    });

    it("checks a chip against its nearest figure only, not every figure of the sentence", () => {
      const d = doc(para("全市", { i: "qy" }, "达到 1567 家，境内外主板上市企业 6 家，新三板挂牌企业 18 家。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
      expect(detectInconsistencies(d, withIndicator("qy", 1600)).map((w) => w.stated.raw)).toEqual(["1567 家"]);
    });

    it("attributes 37, not 41, in 「41 个工业行业大类中拥有 37 个」", () => {
      const d = doc(para("在国民经济 41 个工业行业大类中，许昌拥有", { i: "hy" }, " 37 个。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
      const warnings = detectInconsistencies(d, withIndicator("hy", 38));
      expect(warnings.map((w) => w.stated.raw)).toEqual(["37 个"]);
    });

    it("ignores figures whose unit does not fit, and chips in another sentence", () => {
      const d = doc(
        para({ i: "qy" }, "的统计口径已调整。全市共有 1600 家。"),
        para("累计奖励资金达到 3 亿元，", { i: "sy" }, "显著增加。"),
      );
      expect(detectInconsistencies(d, registry())).toEqual([]);
    });

    it("reads a table row as one statement", () => {
      const warnings = detectInconsistencies(foundations, withIndicator("qy", 1600));
      expect(warnings.map((w) => [w.sentence, w.stated.raw])).toEqual([
        ["截至 2020 年 9 月，全市规模工业企业数达到 1567 家，境内外主板上市企业 6 家，新三板挂牌企业 18 家，在中原股权交易中心挂牌的企业中原股权交易中心挂牌企业数突破 800 家。", "1567 家"],
        ["规模工业企业数 | 1567 家 | 截至 2020 年 9 月", "1567 家"],
      ]);
    });
  });

  describe("scaling", () => {
    it("compares 万元 in the text with an indicator in 亿元", () => {
      const d = doc(para({ i: "tz" }, "达 9032000 万元。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
      const [w] = detectInconsistencies(d, withIndicator("tz", 900));
      expect(w.stated).toEqual({ raw: "9032000 万元", value: 9_032_000, unit: "万元", qualifier: "exact" });
      expect(w.current).toMatchObject({ value: 900, unit: "亿元" });
    });

    it("compares 亿元 in the text with an indicator stored in 万元", () => {
      const d = doc(para({ i: "tz" }, " 903.2 亿元。"));
      expect(detectInconsistencies(d, registry({ indicators: { tz: { unit: "万元", value: 9_032_000 } } }))).toEqual([]);
      expect(detectInconsistencies(d, registry({ indicators: { tz: { unit: "万元", value: 9_040_000 } } }))).toHaveLength(1);
    });

    it("rounds to the written precision: 「3 亿元」 stands for 2.5–3.5 亿元", () => {
      const d = doc(para({ i: "jl" }, "达到 3 亿元。"));
      expect(detectInconsistencies(d, withIndicator("jl", 3.4))).toEqual([]);
      expect(detectInconsistencies(d, withIndicator("jl", 3.6))).toHaveLength(1);
    });

    it("accepts 人 for an indicator counted in 名", () => {
      const d = doc(para("引进", { i: "rc" }, " 788 人。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
      expect(detectInconsistencies(d, withIndicator("rc", 800))).toHaveLength(1);
    });
  });

  describe("projects", () => {
    it("matches each stated figure to the key figure with the same label", () => {
      const changed = registry({
        projects: {
          kp: {
            figures: [
              { label: "服务器年产能", value: 40, unit: "万台" },
              { label: "微型计算机年产能", value: 75, unit: "万台" },
              { label: "主板年产能", value: 25, unit: "万块" },
              { label: "建设周期", value: 58, unit: "天" },
            ],
          },
        },
      });
      const warnings = detectInconsistencies(upgrade, changed);
      expect(warnings).toEqual([
        {
          kind: "project",
          entityId: "kp",
          entityName: "黄河鲲鹏服务器和PC机许昌生产基地",
          sentence: "黄河鲲鹏服务器和PC机许昌生产基地具备年产服务器 36 万台、微型计算机 75 万台、主板 25 万块的生产能力。",
          stated: { raw: "36 万台", value: 36, unit: "万台", qualifier: "exact" },
          current: { value: 40, unit: "万台", asOf: null, label: "服务器年产能" },
        },
      ]);
    });

    it("tells 75 万台 of microcomputers from 36 万台 of servers", () => {
      const changed = registry({
        projects: {
          kp: {
            figures: [
              { label: "服务器年产能", value: 36, unit: "万台" },
              { label: "微型计算机年产能", value: 80, unit: "万台" },
            ],
          },
        },
      });
      const warnings = detectInconsistencies(upgrade, changed);
      expect(warnings.map((w) => [w.stated.raw, w.current.label, w.current.value])).toEqual([
        ["75 万台", "微型计算机年产能", 80],
      ]);
    });

    it("matches by label, not by the order of the key figures", () => {
      const d = doc(para({ p: "kp" }, "可年产微型计算机 75 万台、服务器 36 万台。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
    });

    it("checks several key figures of one project in one sentence", () => {
      const changed = registry({
        projects: {
          kp: {
            figures: [
              { label: "园区", value: 4, unit: "个" },
              { label: "标准化生产车间", value: 12, unit: "个" },
              { label: "建设周期", value: 60, unit: "天" },
            ],
          },
        },
      });
      const warnings = detectInconsistencies(upgrade, changed);
      expect(warnings.map((w) => [w.stated.raw, w.current.label, w.current.value])).toEqual([
        ["3 个", "园区", 4],
        ["58 天", "建设周期", 60],
      ]);
    });

    it("ignores a same-unit figure about something else when the key figure is matched", () => {
      const d = doc(para({ p: "tl" }, "许昌段共设 11 个站点，沿线布局 3 个产业园。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
    });

    it("checks the total investment only where 投资 is written", () => {
      const withInvestment = registry({ projects: { tl: { totalInvestment: 48 } } });
      const invest = doc(para({ p: "tl" }, "总投资 50 亿元。"));
      const [w] = detectInconsistencies(invest, withInvestment);
      expect(w.current).toEqual({ value: 48, unit: "亿元", asOf: null, label: "总投资" });
      expect(detectInconsistencies(doc(para({ p: "tl" }, "总投资 480000 万元。")), withInvestment)).toEqual([]);
      expect(detectInconsistencies(doc(para({ p: "tl" }, "带动沿线产值 50 亿元。")), withInvestment)).toEqual([]);
    });

    it("handles a project chip and an indicator chip in one sentence", () => {
      const d = doc(para({ p: "kp" }, "仅用 58 天建成投产，", { i: "sy" }, "达到 2240 家。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
      const warnings = detectInconsistencies(d, withIndicator("sy", 2300));
      expect(warnings.map((w) => [w.kind, w.stated.raw])).toEqual([["indicator", "2240 家"]]);
    });
  });

  describe("nothing to compare", () => {
    it("skips entities without a current value and unknown ids", () => {
      const d = doc(para({ i: "none" }, " 1567 家，", { i: "missing" }, " 6 家，", { p: "nope" }, " 36 万台。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
    });

    it("skips target figures unless asked not to", () => {
      const d = doc(para("力争到 2025 年，", { i: "sy" }, "达到 5000 家。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
      expect(detectInconsistencies(d, registry(), { skipTargets: false })).toHaveLength(1);
      const clause = doc(para({ i: "sy" }, "达到 2240 家，实现 5000 家的目标。"));
      expect(detectInconsistencies(clause, withIndicator("sy", 2240))).toEqual([]);
      expect(detectInconsistencies(clause, withIndicator("sy", 2300))).toHaveLength(1);
    });

    it("does not take 截至 2020 年 for a target", () => {
      const d = doc(para("截至 2020 年，", { i: "sy" }, "达到 2240 家。"));
      expect(detectInconsistencies(d, withIndicator("sy", 2300))).toHaveLength(1);
    });

    it("survives malformed documents", () => {
      const bad = { type: "doc", content: [null, { type: "paragraph", content: "x" }, { type: "text", text: 5 }, { type: "indicatorRef", attrs: {} }] };
      expect(detectInconsistencies(bad as unknown as DocJson, registry())).toEqual([]);
    });
  });

  describe("number forms next to a chip", () => {
    /** The registry plus one indicator of its own (so that its unit is the one the text uses). */
    const plus = (id: string, name: string, unit: string, value: number) =>
      registry({ indicators: { [id]: indicator(name, unit, value) } });

    it("reads full-width digits 「２２４０ 家」 and 「２２４０家」 as 2240 家", () => {
      const spaced = doc(para("全市", { i: "sy" }, " 达到 ２２４０ 家。"));
      expect(detectInconsistencies(spaced, registry())).toEqual([]);
      const warnings = detectInconsistencies(spaced, withIndicator("sy", 2600));
      expect(warnings.map((w) => [w.entityId, w.sentence, w.stated, w.current.value])).toEqual([
        ["sy", "全市上云企业数 达到 ２２４０ 家。", { raw: "２２４０ 家", value: 2240, unit: "家", qualifier: "exact" }, 2600],
      ]);
      const glued = doc(para({ i: "sy" }, "达到２２４０家，", { i: "bz" }, "为 ９３％。"));
      expect(detectInconsistencies(glued, registry())).toEqual([]);
      expect(detectInconsistencies(glued, registry({ indicators: { sy: { value: 2600 }, bz: { value: 95 } } })).map((w) => w.stated.raw)).toEqual([
        "２２４０家",
        "９３％",
      ]);
    });

    it("does not take a year for a figure of an indicator counted in 年", () => {
      const registryInYears = plus("zq", "重点项目平均建设周期", "年", 2);
      const years = doc(para("2020 年，", { i: "zq" }, "较 2019 年进一步缩短。"), para({ i: "zq" }, "自 2018—2020 年持续下降。"));
      expect(detectInconsistencies(years, registryInYears)).toEqual([]);
      // The same unit as a real figure is checked: only the year is left out.
      const stated = doc(para("2020 年，", { i: "zq" }, "为 3 年。"));
      expect(detectInconsistencies(stated, registryInYears).map((w) => w.stated.raw)).toEqual(["3 年"]);
    });

    it("does not take a phone number for a figure, even when a unit follows it", () => {
      const d = doc(para("咨询电话 0374-2240000 家", { i: "sy" }, "企业均可拨打。"), para("联系人手机 13812345678，", { i: "sy" }, "达到 2240 家。"));
      expect(detectInconsistencies(d, registry())).toEqual([]);
      // With a new value, only the real figure of the second sentence is flagged.
      expect(detectInconsistencies(d, withIndicator("sy", 2600)).map((w) => [w.sentence, w.stated.raw])).toEqual([
        ["联系人手机 13812345678，上云企业数达到 2240 家。", "2240 家"],
      ]);
    });

    it("does not take an ordinal 「第 3 位」 for a figure of an indicator counted in 位", () => {
      const registryInPeople = plus("ys", "柔性引进院士专家", "位", 12);
      const ordinal = doc(para({ i: "ys" }, "工作成效居全省第 3 位。"), para("在全省排第 3 位的", { i: "ys" }, "工作中，"));
      expect(detectInconsistencies(ordinal, registryInPeople)).toEqual([]);
      const stated = doc(para({ i: "ys" }, "达到 3 位，居全省第 3 位。"));
      expect(detectInconsistencies(stated, registryInPeople).map((w) => [w.stated.raw, w.current.value])).toEqual([["3 位", 12]]);
    });
  });

  it("returns warnings in document order", () => {
    const d = doc(
      para({ i: "jl" }, "达到 3 亿元。", { i: "jj" }, "为 15 亿元。"),
      { type: "bulletList", content: [{ type: "listItem", content: [para({ i: "td" }, " 74 个、", { i: "rc" }, " 788 名")] }] },
    );
    const warnings = detectInconsistencies(
      d,
      registry({ indicators: { jl: { value: 4 }, jj: { value: 16 }, td: { value: 80 }, rc: { value: 800 } } }),
    );
    expect(warnings.map((w) => w.entityId)).toEqual(["jl", "jj", "td", "rc"]);
  });
});

describe("collectSentences", () => {
  it("splits on sentence ends and hard breaks, keeps chips at their offsets", () => {
    const d = doc(
      {
        type: "paragraph",
        content: [
          { type: "text", text: "第一句。“第二句！”" },
          { type: "indicatorRef", attrs: { id: "a" } },
          { type: "text", text: "第三句" },
          { type: "hardBreak" },
          { type: "text", text: "第四句；" },
        ],
      },
      { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: "标题" }] },
    );
    expect(collectSentences(d)).toEqual([
      { text: "第一句。", chips: [] },
      { text: "“第二句！”", chips: [] },
      { text: `${CHIP_PLACEHOLDER}第三句`, chips: [{ kind: "indicator", id: "a", offset: 0 }] },
      { text: "第四句；", chips: [] },
      { text: "标题", chips: [] },
    ]);
  });

  it("joins the cells of a table row", () => {
    const sentences = collectSentences(
      doc({ type: "table", content: [row("tableCell", [[{ i: "qy" }], ["1567 家"], []])] }),
    );
    expect(sentences).toEqual([
      { text: `${CHIP_PLACEHOLDER} | 1567 家`, chips: [{ kind: "indicator", id: "qy", offset: 0 }] },
    ]);
  });
});

describe("satisfies", () => {
  const figure = (text: string) => findFigures(text)[0];
  it.each<[string, number, boolean]>([
    ["1567 家", 1567, true],
    ["1567 家", 1568, false],
    ["903.2 亿元", 903.24e8, true],
    ["903.2 亿元", 903.3e8, false],
    ["约 800 家", 839, true],
    ["约 800 家", 841, false],
    ["突破 800 家", 800, true],
    ["突破 800 家", 799, false],
    ["多于 800 家", 800, false],
    ["多于 800 家", 801, true],
    ["800 家以下", 800, true],
    ["800 家以下", 801, false],
    ["不足 800 家", 800, false],
    ["不足 800 家", 799, true],
  ])("%s with %d → %s", (text, current, expected) => {
    expect(satisfies(figure(text), current)).toBe(expected);
  });
});
