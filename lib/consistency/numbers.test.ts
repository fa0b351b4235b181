import { describe, expect, it } from "vitest";
import { findFigures, parseChineseInteger, parseUnit, sameBaseUnit, type Figure } from "./numbers";

/** [raw, value, unit, qualifier] of each figure, the shape most tests compare. */
function brief(text: string): [string, number, string, Figure["qualifier"]][] {
  return findFigures(text).map((f) => [f.raw, f.value, f.unit, f.qualifier]);
}

describe("findFigures: figures of the plan", () => {
  it.each<[string, ReturnType<typeof brief>]>([
    [
      "截至 2020 年 9 月，全市规模工业企业达到 1567 家，境内外主板上市企业 6 家，新三板挂牌企业 18 家，在中原股权交易中心挂牌的企业突破 800 家。",
      [
        ["1567 家", 1567, "家", "exact"],
        ["6 家", 6, "家", "exact"],
        ["18 家", 18, "家", "exact"],
        ["突破 800 家", 800, "家", "atLeast"],
      ],
    ],
    [
      "在国民经济 41 个工业行业大类中，许昌拥有 37 个；制造业占规模以上工业增加值的比重在 93% 左右；工业总量和工业竞争力均位居全省第 3 位。",
      [
        ["41 个", 41, "个", "exact"],
        ["37 个", 37, "个", "exact"],
        ["93% 左右", 93, "%", "about"],
      ],
    ],
    ["累计奖励资金达到 3 亿元，在全社会营造尊重创新的浓厚氛围。", [["3 亿元", 3, "亿元", "exact"]]],
    ["设立规模 15 亿元的“许昌英才基金”，面向海内外集聚创新创业人才。", [["15 亿元", 15, "亿元", "exact"]]],
    [
      "截至 2020 年，累计引进创业创新人才（团队）74 个、高层次人才 788 名。",
      [
        ["74 个", 74, "个", "exact"],
        ["788 名", 788, "名", "exact"],
      ],
    ],
    [
      "2020 年，全市谋划实施九大新兴产业项目 104 个，总投资 903.2 亿元；19 家企业入选省级智能工厂（车间），上云企业达到 2240 家。",
      [
        ["104 个", 104, "个", "exact"],
        ["903.2 亿元", 903.2, "亿元", "exact"],
        ["19 家", 19, "家", "exact"],
        ["2240 家", 2240, "家", "exact"],
      ],
    ],
    [
      "具备年产服务器 36 万台、微型计算机 75 万台、主板 25 万块的生产能力。",
      [
        ["36 万台", 36, "万台", "exact"],
        ["75 万台", 75, "万台", "exact"],
        ["25 万块", 25, "万块", "exact"],
      ],
    ],
    ["2019 年，在省委、省政府的大力支持下，项目落地许昌，仅用 58 天即建成投产。", [["58 天", 58, "天", "exact"]]],
    ["统筹谋划郑许市域铁路许昌段 11 个站点及沿线区域的产业规划。", [["11 个", 11, "个", "exact"]]],
    ["力争通过 3 至 5 年努力，打造 6 个千亿元量级产业集群。", [
      ["3 至 5 年", 3, "年", "atLeast"],
      ["3 至 5 年", 5, "年", "atMost"],
      ["6 个", 6, "个", "exact"],
    ]],
    ["已建设园区 3 个、标准化生产车间 12 个，建成服务器生产线 3 条、主板生产线 1 条。", [
      ["3 个", 3, "个", "exact"],
      ["12 个", 12, "个", "exact"],
      ["3 条", 3, "条", "exact"],
      ["1 条", 1, "条", "exact"],
    ]],
  ])("%s", (text, expected) => {
    expect(brief(text)).toEqual(expected);
  });
});

describe("findFigures: magnitude words", () => {
  it("keeps the magnitude word in the unit and exposes scaled value and base unit", () => {
    const [f] = findFigures("总投资 903.2 亿元");
    expect(f).toMatchObject({ value: 903.2, unit: "亿元", baseUnit: "元", scale: 1e8, scaled: 90_320_000_000, step: 0.1 });
  });

  it("makes 亿元 and 万元 comparable through `scaled`", () => {
    const [yi] = findFigures("总投资 903.2 亿元");
    const [wan] = findFigures("总投资 9032000 万元");
    expect(wan).toMatchObject({ value: 9_032_000, unit: "万元", baseUnit: "元", scale: 1e4 });
    expect(wan.scaled).toBe(yi.scaled);
  });

  it.each<[string, number, string, string]>([
    ["服务器 36 万台", 360_000, "万台", "台"],
    ["计划投资 5 千万元", 50_000_000, "千万元", "元"],
    ["产值 1.5 千亿元", 150_000_000_000, "千亿元", "元"],
    ["引进资金 2 百万元", 2_000_000, "百万元", "元"],
    ["营业收入 3 十亿元", 3_000_000_000, "十亿元", "元"],
    ["人口 43.7 万人", 437_000, "万人", "人"],
    ["规模约 1.2 万", 12_000, "万", ""],
  ])("%s", (text, scaled, unit, baseUnit) => {
    const [f] = findFigures(text);
    expect(f).toMatchObject({ scaled, unit, baseUnit });
  });

  it("does not read 千亿元 after a counted figure as a magnitude", () => {
    expect(brief("打造 6 个千亿元量级产业集群，智能电力装备产业集群已达到千亿元量级")).toEqual([
      ["6 个", 6, "个", "exact"],
    ]);
  });
});

describe("findFigures: qualifiers", () => {
  it.each<[string, Figure["qualifier"], string]>([
    ["在中原股权交易中心挂牌的企业突破 800 家", "atLeast", "突破 800 家"],
    ["挂牌企业超过 800 家", "atLeast", "超过 800 家"],
    ["挂牌企业逾 800 家", "atLeast", "逾 800 家"],
    ["规模工业企业 1500 家以上", "atLeast", "1500 家以上"],
    ["新增上云企业不少于 200 家", "atLeast", "不少于 200 家"],
    ["高层次人才多于 700 名", "moreThan", "多于 700 名"],
    ["挂牌企业 800 余家", "moreThan", "800 余家"],
    ["累计投资 10 多万元", "moreThan", "10 多万元"],
    ["上云企业约 2200 家", "about", "约 2200 家"],
    ["比重约为 93%", "about", "约为 93%"],
    ["比重在 93% 左右", "about", "93% 左右"],
    ["比重在 93% 上下浮动", "about", "93% 上下"],
    ["上云企业近 2300 家", "about", "近 2300 家"],
    ["单位能耗下降不超过 5%", "atMost", "不超过 5%"],
    ["新建站点控制在 5 个以内", "atMost", "5 个以内"],
    ["新三板挂牌企业 20 家以下", "atMost", "20 家以下"],
    ["亏损企业不足 10 个", "lessThan", "不足 10 个"],
    ["空置率低于 3%", "lessThan", "低于 3%"],
    ["达到 1567 家", "exact", "1567 家"],
  ])("%s", (text, qualifier, raw) => {
    const figures = findFigures(text);
    expect(figures).toHaveLength(1);
    expect(figures[0].qualifier).toBe(qualifier);
    expect(figures[0].raw).toBe(raw);
  });

  it("does not read the end of another word as a qualifier", () => {
    expect(brief("通过集约利用节约 3 亿元")).toEqual([["3 亿元", 3, "亿元", "exact"]]);
    expect(brief("许昌北站附近 3 个站点")).toEqual([["3 个", 3, "个", "exact"]]);
    expect(brief("带动 93 个上下游企业")).toEqual([["93 个", 93, "个", "exact"]]);
  });
});

describe("findFigures: digits as written", () => {
  it("reads full-width digits, decimal point, thousands separator and percent sign", () => {
    expect(brief("全市规模工业企业达到１，５６７家，总投资９０３．２亿元，比重９３％左右。")).toEqual([
      ["１，５６７家", 1567, "家", "exact"],
      ["９０３．２亿元", 903.2, "亿元", "exact"],
      ["９３％左右", 93, "%", "about"],
    ]);
  });

  it("reads ASCII and full-width thousands separators", () => {
    expect(brief("上云企业 2,240 家，规模工业企业 1，567 家，累计 1,234,567 元。")).toEqual([
      ["2,240 家", 2240, "家", "exact"],
      ["1，567 家", 1567, "家", "exact"],
      ["1,234,567 元", 1234567, "元", "exact"],
    ]);
  });

  it("does not take a list comma for a thousands separator", () => {
    expect(brief("分别新增 6，18 家")).toEqual([
      ["6", 6, "", "exact"],
      ["18 家", 18, "家", "exact"],
    ]);
  });

  it("reports offsets into the original text and the precision of the last digit", () => {
    const text = "比重为９３．５％";
    const [f] = findFigures(text);
    expect(text.slice(f.start, f.end)).toBe("９３．５％");
    expect(f).toMatchObject({ value: 93.5, step: 0.1 });
    expect(findFigures("1567 家")[0].step).toBe(1);
    expect(findFigures("1.25 亿元")[0].step).toBe(0.01);
  });

  it("returns a number without a unit with unit \"\"", () => {
    expect(findFigures("综合指数为 105.3")).toMatchObject([{ value: 105.3, unit: "", baseUnit: "", scale: 1 }]);
  });

  it("reads 个月 and 个百分点 as units of their own", () => {
    expect(brief("用 3 个月时间提高 2 个百分点")).toEqual([
      ["3 个月", 3, "个月", "exact"],
      ["2 个百分点", 2, "个百分点", "exact"],
    ]);
  });

  it("keeps ranges of counted things as two bounds", () => {
    expect(brief("每年新增 3—5 家上市企业，投资 3 亿元至 5 亿元")).toEqual([
      ["3—5 家", 3, "家", "atLeast"],
      ["3—5 家", 5, "家", "atMost"],
      ["3 亿元至 5 亿元", 3, "亿元", "atLeast"],
      ["3 亿元至 5 亿元", 5, "亿元", "atMost"],
    ]);
  });
});

describe("findFigures: Chinese numerals", () => {
  it.each<[string, ReturnType<typeof brief>]>([
    ["通过强化规划引领、强化创新驱动、强化产业升级三条路径推动发展", [["三条", 3, "条", "exact"]]],
    ["着力把许昌打造为大都市区的三个重要功能板块", [["三个", 3, "个", "exact"]]],
    ["谋划实施新兴产业项目一百零四个", [["一百零四个", 104, "个", "exact"]]],
    ["累计奖励资金约三亿元", [["约三亿元", 3, "亿元", "about"]]],
    ["设立规模十五亿元的英才基金", [["十五亿元", 15, "亿元", "exact"]]],
    ["建成两个产业园", [["两个", 2, "个", "exact"]]],
    ["制造业比重为百分之九十三", [["百分之九十三", 93, "%", "exact"]]],
    ["新增十多家上市后备企业", [["十多家", 10, "家", "moreThan"]]],
  ])("%s", (text, expected) => {
    expect(brief(text)).toEqual(expected);
  });

  it.each([
    "深入实施“三大改造”，培育九大新兴产业",
    "是 2020 年郑州都市圈建设十大重点工程之一",
    "纳入第一批国家战略性新兴产业集群发展工程",
    "今后一个时期，进一步统一思想，共绘一张图",
    "引进几十家企业、十几个项目、数十名专家",
    "对照“十四五”规划，用三五年时间",
    "这一点十分重要",
  ])("no figure in 「%s」", (text) => {
    expect(findFigures(text)).toEqual([]);
  });

  it("parses standard-form integers only", () => {
    expect(parseChineseInteger("三")).toBe(3);
    expect(parseChineseInteger("十二")).toBe(12);
    expect(parseChineseInteger("二十")).toBe(20);
    expect(parseChineseInteger("三十五")).toBe(35);
    expect(parseChineseInteger("一百零四")).toBe(104);
    expect(parseChineseInteger("一千零五十")).toBe(1050);
    expect(parseChineseInteger("三千五百")).toBe(3500);
    expect(parseChineseInteger("两千")).toBe(2000);
    for (const bad of ["十四五", "三五", "三百五", "一百零", "零", "二〇二〇", "百", ""]) {
      expect(parseChineseInteger(bad)).toBeNull();
    }
  });
});

describe("findFigures: no false figures", () => {
  it.each([
    // years
    "截至 2020 年，许昌工业门类较为齐全",
    "2020年9月初，省领导小组办公室印发工作要点",
    "《2020 年郑州都市圈一体化发展工作要点》",
    "2020—2025 年，郑许产业联动发展格局基本形成",
    "2019-2020 年度",
    "扎实开展 2020 创新年行动",
    // dates
    "9 月 18 日召开推进会",
    "于 2020-09-18 印发，2020/9/18 报送，2020.9.18 公布，2020.9 启动",
    "3 号上午 8:30 开会",
    // ordinals
    "工业总量和工业竞争力均位居全省第 3 位",
    "许昌已成为全省第三个核心集聚区",
    "纳入第 1 批名单，排名第 2 名",
    // phone numbers
    "咨询电话：0374-1234567、（0374）1234567，手机 13812345678，热线 400-123-4567",
    // versions and identifiers
    "深入落实“许昌英才计划”2.0 版",
    "发布 V2.0，推进 5G、3D 打印和 PM2.5 治理",
    // section numbers and enumerators
    "2.1 总体要求",
    "2.1.3 重点任务",
    "1. 加快建设项目",
    "（1）加快建设项目",
    "3、推动产业协同",
  ])("no figure in 「%s」", (text) => {
    expect(findFigures(text)).toEqual([]);
  });

  it("keeps the real figures of a sentence full of noise", () => {
    expect(
      brief("2020 年 9 月初，全市第一批 19 家企业入选，位居全省第 3 位，详询 0374-1234567（“许昌英才计划”2.0 版）。"),
    ).toEqual([["19 家", 19, "家", "exact"]]);
  });

  it("reads durations but never as counts of enterprises", () => {
    const figures = findFigures("力争通过 3 至 5 年努力");
    expect(figures.map((f) => f.unit)).toEqual(["年", "年"]);
  });
});

describe("parseUnit and sameBaseUnit", () => {
  it("splits a unit into magnitude and base unit", () => {
    expect(parseUnit("亿元")).toEqual({ scale: 1e8, baseUnit: "元" });
    expect(parseUnit("万元")).toEqual({ scale: 1e4, baseUnit: "元" });
    expect(parseUnit("万台")).toEqual({ scale: 1e4, baseUnit: "台" });
    expect(parseUnit("家")).toEqual({ scale: 1, baseUnit: "家" });
    expect(parseUnit("%")).toEqual({ scale: 1, baseUnit: "%" });
    expect(parseUnit("％")).toEqual({ scale: 1, baseUnit: "%" });
    expect(parseUnit("千瓦")).toEqual({ scale: 1, baseUnit: "千瓦" });
    expect(parseUnit("万")).toEqual({ scale: 1e4, baseUnit: "" });
  });

  it("treats known synonyms as the same unit and \"\" as no unit", () => {
    expect(sameBaseUnit("人", "名")).toBe(true);
    expect(sameBaseUnit("公里", "千米")).toBe(true);
    expect(sameBaseUnit("家", "个")).toBe(false);
    expect(sameBaseUnit("", "")).toBe(false);
  });
});
