/**
 * Demo content for the Xuchang plan-writing workspace.
 *
 * Facts and figures come from the 2020 newspaper article
 * 《“许昌智造”如何助力郑州都市圈建设》 (kept beside the project as shared/seed/xuchang-zhizao-2020.txt; never read at run time);
 * the plan text itself is written fresh in a formal plan-document style.
 * Figures are written as digits followed by their unit (e.g. “903.2 亿元”) so that
 * they can be matched to the indicators below.
 */
import type {
  DocNode,
  SeedAccount,
  SeedDepartment,
  SeedIndicator,
  SeedPlan,
  SeedProject,
  SeedSection,
} from "./types";

// ---------------------------------------------------------------------------
// Small Tiptap JSON builders
// ---------------------------------------------------------------------------

/**
 * Inline content: plain string, bold / italic run, or a chip citing an indicator (`ind`) or a
 * project (`proj`) by name; the seeder swaps the name for the entity's id (see seedReferenceId).
 */
type Inline = string | { b: string } | { i: string } | { ind: string } | { proj: string };

function inline(part: Inline): DocNode {
  if (typeof part === "string") return { type: "text", text: part };
  if ("b" in part) return { type: "text", text: part.b, marks: [{ type: "bold" }] };
  if ("i" in part) return { type: "text", text: part.i, marks: [{ type: "italic" }] };
  if ("ind" in part) return { type: "indicatorRef", attrs: { id: seedReferenceId("indicator", part.ind) } };
  return { type: "projectRef", attrs: { id: seedReferenceId("project", part.proj) } };
}

/** Placeholder id of a chip in the seed content, resolved to the real id when seeding. */
export function seedReferenceId(kind: "indicator" | "project", name: string): string {
  return `seed:${kind}:${name}`;
}

/** Paragraph made of one or more inline runs. */
function p(...parts: Inline[]): DocNode {
  return { type: "paragraph", content: parts.filter((x) => x !== "").map(inline) };
}

/** Level-3 heading (section titles are rendered separately, so bodies start at level 3). */
function h(text: string): DocNode {
  return { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text }] };
}

/** A list item: either a single string or a list of inline runs. */
type Item = Inline | Inline[];

function listItem(item: Item): DocNode {
  const parts = Array.isArray(item) ? item : [item];
  return { type: "listItem", content: [p(...parts)] };
}

function ul(items: Item[]): DocNode {
  return { type: "bulletList", content: items.map(listItem) };
}

function ol(items: Item[]): DocNode {
  return { type: "orderedList", attrs: { start: 1 }, content: items.map(listItem) };
}

/** Simple table: one header row plus body rows of plain text cells. */
function table(header: string[], rows: string[][]): DocNode {
  const cell = (type: "tableHeader" | "tableCell", text: string): DocNode => ({
    type,
    content: [p(text)],
  });
  return {
    type: "table",
    content: [
      { type: "tableRow", content: header.map((x) => cell("tableHeader", x)) },
      ...rows.map((r) => ({ type: "tableRow", content: r.map((x) => cell("tableCell", x)) })),
    ],
  };
}

function doc(...content: DocNode[]): DocNode {
  return { type: "doc", content };
}

/** Citation used for every observation taken from the source article. */
const ARTICLE_SOURCE = "《“许昌智造”如何助力郑州都市圈建设》，许昌日报，2020年9月";

// ---------------------------------------------------------------------------
// Departments and accounts
// ---------------------------------------------------------------------------

export const seedDepartments: SeedDepartment[] = [
  { code: "FGW", name: "市发展和改革委员会" },
  { code: "GXJ", name: "市工业和信息化局" },
  { code: "KJJ", name: "市科学技术局" },
  { code: "ZRZYJ", name: "市自然资源和规划局" },
  { code: "SWJ", name: "市商务局" },
  { code: "RSJ", name: "市人力资源和社会保障局" },
  { code: "JTJ", name: "市交通运输局" },
  { code: "JRJ", name: "市地方金融监督管理局" },
  { code: "TJJ", name: "市统计局" },
  { code: "ZFB", name: "市人民政府办公室" },
];

export const seedAccounts: SeedAccount[] = [
  { username: "fgw", displayName: "发改委编辑 李静", role: "editor", departmentCode: "FGW" },
  { username: "gxj", displayName: "工信局编辑 王敏", role: "editor", departmentCode: "GXJ" },
  { username: "kjj", displayName: "科技局编辑 张磊", role: "editor", departmentCode: "KJJ" },
  { username: "zrzyj", displayName: "资规局编辑 陈晓燕", role: "editor", departmentCode: "ZRZYJ" },
  { username: "swj", displayName: "商务局编辑 刘洋", role: "editor", departmentCode: "SWJ" },
  { username: "rsj", displayName: "人社局编辑 孙丽华", role: "editor", departmentCode: "RSJ" },
  { username: "jtj", displayName: "交通局编辑 周建国", role: "editor", departmentCode: "JTJ" },
  { username: "jrj", displayName: "金融局编辑 马超", role: "editor", departmentCode: "JRJ" },
  { username: "tjj", displayName: "统计局编辑 郭婷", role: "editor", departmentCode: "TJJ" },
  { username: "leader1", displayName: "韩副市长（韩立军）", role: "leader", departmentCode: "ZFB" },
  { username: "leader2", displayName: "吴副市长（吴秀兰）", role: "leader", departmentCode: "ZFB" },
  { username: "viewer", displayName: "统计局查阅 何静", role: "viewer", departmentCode: "TJJ" },
];

// ---------------------------------------------------------------------------
// Plan sections
// ---------------------------------------------------------------------------

const sectionOverall: SeedSection = {
  title: "总体思路",
  ownerDepartmentCode: "FGW",
  body: doc(
    p(
      "深入贯彻省委、省政府关于推进郑州都市圈一体化高质量发展的决策部署，以制造业高质量发展为主攻方向，把",
      { b: "“智造”" },
      "作为许昌融入郑州都市圈的鲜明标识，统筹推进产业、创新、交通、生态等领域协同联动，加快郑许一体化发展步伐。",
    ),
    h("郑州都市圈“五个一”发展策略"),
    p("今后一个时期，郑州都市圈将以“五个一”作为基本发展策略。许昌对照“五个一”要求，逐项抓好贯彻落实："),
    ol([
      [{ b: "共绘一张图：" }, "以统一规划统领区域空间和产业布局，推动都市圈整体实力和发展能级同步跃升。"],
      [{ b: "共下一盘棋：" }, "打破行政区划壁垒，在体制机制上先行先试，形成分工合理、协同高效的发展格局。"],
      [{ b: "共织一张网：" }, "加快交通基础设施互联互通，构建便捷高效、内外畅达的区域综合交通网络。"],
      [{ b: "共算一本账：" }, "树牢生态环境共同体理念，推动生态环境共同保护、共同培育、联防联治。"],
      [{ b: "共铆一股劲：" }, "凝聚各方合力，以重大项目为抓手，集中力量推动项目建设见实效。"],
    ]),
    p(
      "在此框架下，许昌坚持“立足许昌、对接空港、发挥优势、错位发展”，以建设",
      { b: "“智造之都、宜居之城”" },
      "为城市发展定位，依托坚实的制造业基础主动融入郑州都市圈建设，通过强化规划引领、强化创新驱动、强化产业升级三条路径，推动都市圈产业联动发展，力争在区域产业分工中承担更加重要的功能。",
    ),
  ),
  children: [
    {
      title: "发展基础",
      ownerDepartmentCode: "GXJ",
      body: doc(
        p(
          "许昌工业门类较为齐全、产业特色较为鲜明，制造业是全市经济最突出的优势。在国民经济 41 个工业行业大类中，许昌拥有的",
          { ind: "工业行业大类覆盖数" },
          "达 37 个；",
          { ind: "制造业占规模以上工业增加值比重" },
          "在 93% 左右；工业总量和工业竞争力均位居全省第 3 位。",
        ),
        p(
          "经过多年培育，全市形成了以许继、森源、黄河、首山化工、远东传动等为代表的全国知名企业群体，",
          { b: "电力装备、汽车及零部件、电梯、超硬材料及制品、再生金属及制品、发制品" },
          "等特色优势产业在国内具有较强影响力，为承接都市圈产业分工、参与区域协同奠定了坚实基础。",
        ),
        p(
          "市场主体和资本市场基础持续夯实。截至 2020 年 9 月，全市",
          { ind: "规模工业企业数" },
          "达到 1567 家，",
          { ind: "境内外主板上市企业数" },
          " 6 家，",
          { ind: "新三板挂牌企业数" },
          " 18 家，",
          { ind: "中原股权交易中心挂牌企业数" },
          "突破 800 家。主要基础数据见下表。",
        ),
        table(
          ["指标", "数值", "备注"],
          [
            ["工业行业大类覆盖数", "37 个", "国民经济工业行业大类共 41 个"],
            ["制造业占规模以上工业增加值比重", "93%", "约数"],
            ["工业总量全省排名", "第 3 位", "工业竞争力同居全省第 3 位"],
            ["规模工业企业数", "1567 家", "截至 2020 年 9 月"],
            ["境内外主板上市企业数", "6 家", "截至 2020 年 9 月"],
            ["新三板挂牌企业数", "18 家", "截至 2020 年 9 月"],
            ["中原股权交易中心挂牌企业数", "800 家", "已突破该数"],
          ],
        ),
      ),
    },
    {
      title: "发展定位与目标",
      ownerDepartmentCode: "FGW",
      body: doc(
        p("坚持“立足许昌、对接空港、发挥优势、错位发展”的总体原则："),
        ul([
          [{ b: "立足许昌：" }, "从本地产业基础和资源禀赋出发，把制造业这一最大优势做强做优。"],
          [{ b: "对接空港：" }, "主动对接郑州航空港经济综合实验区，在产业配套、物流通道、开放平台等方面深化合作。"],
          [{ b: "发挥优势：" }, "放大电力装备、超硬材料等特色产业优势，提升许昌在都市圈产业链中的位势。"],
          [{ b: "错位发展：" }, "与郑州及周边城市形成差异化分工，避免同质化竞争，实现优势互补、协同共进。"],
        ]),
        p("围绕“智造之都、宜居之城”建设，着力把许昌打造为大都市区的三个重要功能板块："),
        ol([
          [{ b: "先进制造业中心：" }, "以智能化、高端化、绿色化为方向，建设都市圈先进制造业的重要承载地。"],
          [{ b: "区域物流中心：" }, "发挥交通区位条件，完善物流枢纽和集疏运体系，服务都市圈产业链供应链。"],
          [{ b: "临空产业基地：" }, "依托与航空港的便捷联系，承接和发展与临空经济相配套的产业。"],
        ]),
        p(
          "到 2025 年，郑许产业联动发展格局基本形成，许港产业带成为郑州都市圈重要的先进制造业集聚带；力争通过 3 至 5 年努力，打造 6 个千亿元量级产业集群，创新驱动能力和传统产业智能化水平显著提升。",
        ),
      ),
    },
  ],
};

const sectionPlanning: SeedSection = {
  title: "强化规划引领",
  ownerDepartmentCode: "ZRZYJ",
  body: doc(
    p(
      "坚持规划先行，以高水平规划引领郑许产业对接。按照高标准要求编制",
      { b: "《许港产业带空间规划》" },
      "，明确产业带的空间布局、功能分区和发展重点，为郑许之间产业互补、错位、协同发展提供空间支撑。",
    ),
    p(
      "以产业集聚区为主要载体，把打造许港产业带作为郑许产业对接的重点和主阵地，引导优势产业、重大项目和创新要素向产业带集中布局，推动产业集聚区提质增效、扩容升级。",
    ),
    h("统筹市域铁路沿线产业布局"),
    p(
      "以",
      { proj: "郑许市域铁路" },
      "建设为契机，统筹谋划郑许市域铁路许昌段 11 个站点及沿线区域的产业规划，推动站城融合、站产联动，沿魏武大道等发展轴线形成生产制造、科技研发、商贸物流等功能复合的产业走廊。",
    ),
    h("推动郑许产业协同"),
    ul([
      [{ b: "互补：" }, "围绕郑州及航空港区主导产业补链延链，承接配套环节，形成稳定的上下游协作关系。"],
      [{ b: "错位：" }, "突出许昌特色优势产业，在产业选择上与郑州拉开差距，避免同质化竞争。"],
      [{ b: "协同：" }, "在规划衔接、要素流动、平台共建等方面建立常态化合作机制，共同提升区域产业竞争力。"],
    ]),
  ),
  children: [
    {
      title: "重点项目建设",
      ownerDepartmentCode: "FGW",
      body: doc(
        p(
          "2020 年 9 月初，省中原城市群建设工作领导小组办公室印发《2020 年郑州都市圈一体化发展工作要点》，明确提出推进许港产业带提质增效。对照该要点要求，全市集中力量推进以下重点项目。",
        ),
        h("加快建设项目"),
        ol([
          [{ proj: "黄河鲲鹏服务器和PC机许昌生产基地" }, "：已建成投产，持续扩大产能、延伸信息技术产业链。"],
          [{ proj: "许昌远东传动轴汽车传动系统智能制造产业园" }, "：提升汽车及零部件产业智能制造水平。"],
          [{ proj: "许昌生物医药产业园" }, "：培育壮大生物医药新兴产业。"],
          [{ proj: "长葛产业新城特色产业园" }, "：打造特色产业集聚发展新平台。"],
          [{ proj: "黄河旋风新材料加工用金刚石与制线装备产业园" }, "：做强超硬材料及制品优势产业。"],
        ]),
        h("谋划建设项目"),
        ul([
          [{ proj: "许昌综合保税区" }, "：构建对外开放高能级平台，服务临空产业和区域物流发展。"],
          [{ proj: "中德产业园" }, "：搭建国际产业合作载体，引进先进制造技术和项目。"],
        ]),
        p(
          "按照“共铆一股劲”的要求，对重点项目实行清单化管理、节点化推进，强化要素保障和协调服务，推动在建项目加快建设、谋划项目尽早落地。",
        ),
      ),
    },
  ],
};

const sectionInnovation: SeedSection = {
  title: "强化创新驱动",
  ownerDepartmentCode: "KJJ",
  body: doc(
    p(
      "创新是引领发展的第一动力。坚持把创新作为",
      { b: "最强发展动能" },
      "，以创新引领制造业高质量发展，牢牢把握带动经济社会发展全局的关键环节。",
    ),
    p(
      "坚持每年召开高规格的科技创新大会，对作出突出贡献的创新人才和企业给予重奖，",
      { ind: "科技创新累计奖励金额" },
      "达到 3 亿元，在全社会营造尊重创新、崇尚创新、支持创新的浓厚氛围。",
    ),
    h("扎实开展 2020 创新年行动"),
    p(
      "以 2020 创新年行动为抓手，把引进先进核心技术作为实施创新驱动发展战略的重要途径，推动创新资源向企业集聚、创新成果向产业转化。",
    ),
    h("建设高水平创新平台"),
    ul([
      "鼓励、引导和支持企业建设技术中心、工程技术研究中心、重点实验室等创新平台，增强企业自主创新能力。",
      "推动企业与科研院所、知名高校深化合作，探索产学研深度融合的新模式，促进更多先进科技成果在许昌转移转化。",
      "推广许港产业带企业在生产车间旁设立博士后工作站、实验室的做法，把科研机构建在生产一线，为企业发展提供智力支撑。",
    ]),
  ),
  children: [
    {
      title: "人才引进与培养",
      ownerDepartmentCode: "RSJ",
      body: doc(
        p(
          "设立",
          { ind: "许昌英才基金规模" },
          "为 15 亿元的",
          { b: "“许昌英才基金”" },
          "，面向海内外集聚创新创业人才。截至 2020 年，累计",
          { ind: "引进创业创新人才团队" },
          " 74 个、",
          { ind: "引进高层次人才" },
          " 788 名，带动一批高科技创新企业和战略性新兴产业项目落地生根。",
        ),
        p("深入落实“许昌英才计划”2.0 版，进一步完善人才引进、培养、使用和激励政策："),
        ul([
          "聚焦九大新兴产业和传统优势产业需求，精准引进领军人才和创新团队。",
          "发挥英才基金撬动作用，支持人才项目与本地企业、产业园区对接落地。",
          "依托博士后工作站等平台，推动人才培养与企业技术攻关紧密结合。",
          "优化人才服务保障，营造近悦远来的人才发展环境，助力“宜居之城”建设。",
        ]),
      ),
    },
  ],
};

const sectionUpgrade: SeedSection = {
  title: "强化产业升级",
  ownerDepartmentCode: "GXJ",
  body: doc(
    p(
      "坚持",
      { b: "扩大增量" },
      "与",
      { b: "优化存量" },
      "并举，统筹新兴产业培育壮大和传统产业改造升级，持续补链、延链、强链，推动“许昌制造”向“许昌智造”加速转变。",
    ),
    p(
      "2020 年，全市谋划实施九大",
      { ind: "新兴产业项目数" },
      " 104 个，",
      { ind: "新兴产业项目总投资" },
      " 903.2 亿元；",
      { ind: "省级智能工厂（车间）数" },
      " 19 家，",
      { ind: "上云企业数" },
      "达到 2240 家，产业升级取得阶段性成效。",
    ),
  ),
  children: [
    {
      title: "培育壮大新兴产业",
      ownerDepartmentCode: "GXJ",
      body: doc(
        p(
          "着力培育新产业、新业态，谋划布局智能电力装备、高纯硅材料、5G 等九大新兴产业。2020 年谋划实施九大新兴产业项目 104 个，总投资 903.2 亿元。",
        ),
        p(
          "力争通过 3 至 5 年努力，打造 6 个千亿元量级产业集群（",
          { ind: "千亿级产业集群数" },
          "）。目前，",
          { b: "智能电力装备产业集群已达到千亿元量级" },
          "；节能环保产业集群纳入第一批国家战略性新兴产业集群发展工程；许昌已成为全省 3 个战略性新兴产业核心集聚区之一。",
        ),
        h("代表项目"),
        p({ proj: "黄河鲲鹏服务器和PC机许昌生产基地" }),
        p(
          "该项目位于许昌北站附近，是许港产业带的标志性项目，也是 2020 年郑州都市圈建设十大重点工程之一。2019 年，在省委、省政府的大力支持下，项目落地许昌，仅用 58 天即建成投产。",
        ),
        ul([
          "已建设园区 3 个、标准化生产车间 12 个。",
          "建成服务器生产线 3 条、微型计算机生产线 3 条、主板生产线 1 条。",
          [{ proj: "黄河鲲鹏服务器和PC机许昌生产基地" }, "具备年产服务器 36 万台、微型计算机 75 万台、主板 25 万块的生产能力。"],
        ]),
      ),
    },
    {
      title: "改造提升传统产业",
      ownerDepartmentCode: "GXJ",
      body: doc(
        p(
          "坚持优化存量，围绕产业链部署创新链，深入实施以智能化改造、绿色化改造、技术改造为重点的",
          { b: "“三大改造”" },
          "，推动传统产业转型升级。",
        ),
        ul([
          [{ b: "设备换芯：" }, "推动生产设备数字化、智能化升级，提升装备的感知、控制和联网能力。"],
          [{ b: "生产换线：" }, "建设自动化、柔性化生产线，提高生产效率和产品质量稳定性。"],
          [{ b: "机器换人：" }, "在重复性强、劳动强度大的环节推广工业机器人和智能装备应用。"],
        ]),
        p(
          "引导电力装备、汽车及零部件、电梯、超硬材料及制品、再生金属及制品、发制品等传统优势产业嫁接新技术、新业态、新模式，拉长产业链条，实现",
          { i: "“老树发新芽”" },
          "。",
        ),
        p(
          "2020 年，全市",
          { ind: "省级智能工厂（车间）数" },
          " 19 家，",
          { ind: "上云企业数" },
          "达到 2240 家。下一步将扩大智能工厂（车间）示范带动效应，推动更多企业上云用云。",
        ),
      ),
    },
  ],
};

const sectionNextSteps: SeedSection = {
  title: "下一步工作",
  ownerDepartmentCode: "FGW",
  body: doc(
    p(
      "抢抓郑州都市圈建设重大机遇，加快实施",
      { b: "《郑许一体化发展规划》" },
      "，坚持积极融入、主动作为，推动郑许一体化发展不断取得新进展。",
    ),
    h("扎实推进“六个对接”"),
    p("“六个对接”是推进郑许一体化的六个重点领域，具体包括："),
    ol([
      [{ b: "规划对接：" }, "加强与郑州及都市圈各类规划的衔接，实现空间布局、功能定位统筹一致。"],
      [{ b: "产业对接：" }, "以许港产业带为主阵地，深化产业链上下游分工协作。"],
      [{ b: "交通对接：" }, "加快郑许市域铁路等重大交通设施建设，提升互联互通水平。"],
      [{ b: "创新对接：" }, "推动创新平台共建、科技成果共享、人才资源共用。"],
      [{ b: "公共服务对接：" }, "推动教育、医疗、社保等公共服务共建共享。"],
      [{ b: "生态对接：" }, "落实“共算一本账”要求，推进生态环境联防联治、共保共育。"],
    ]),
    h("突出产业对接"),
    p(
      "把产业对接摆在更加突出的位置，以制造业高质量发展为主攻方向，强化创新引领，统筹传统产业改造升级和新兴产业培育壮大，加快许港产业带建设，全力打造",
      { b: "“智造之都”" },
      "，为郑州都市圈产业协同发展贡献许昌力量。",
    ),
  ),
  children: [
    {
      title: "扩大开放合作",
      ownerDepartmentCode: "SWJ",
      body: doc(
        p(
          "坚持“对接空港”，以开放平台建设为突破口，主动融入郑州航空港对外开放格局，服务区域物流中心和临空产业基地建设。",
        ),
        ul([
          [{ b: "许昌综合保税区：" }, "加快前期谋划和申建工作，完善保税加工、保税物流等功能，为外向型制造业发展提供平台支撑。"],
          [{ b: "中德产业园：" }, "谋划建设国际产业合作园区，引进先进制造领域的技术、项目和管理经验。"],
        ]),
        p("加强与郑州及都市圈各市商务部门协作，联合开展招商推介，推动开放平台与许港产业带联动发展。"),
      ),
    },
  ],
};

export const seedPlan: SeedPlan = {
  title: "「许昌智造」助力郑州都市圈建设",
  periodStart: 2020,
  periodEnd: 2025,
  summary:
    "本规划立足许昌坚实的制造业基础和毗邻郑州、对接空港的区位条件，围绕郑州都市圈一体化高质量发展总体部署，以“许昌智造”为主线，从强化规划引领、强化创新驱动、强化产业升级三个方面推动郑许产业联动发展，明确 2020—2025 年的重点任务、重大项目和监测指标，着力建设“智造之都、宜居之城”，打造大都市区先进制造业中心、区域物流中心和临空产业基地，为郑州都市圈产业协同发展贡献许昌力量。",
  sections: [sectionOverall, sectionPlanning, sectionInnovation, sectionUpgrade, sectionNextSteps],
};

// ---------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------

/** Milestone recorded in the 2020 work plan for the metropolitan area. */
function inWorkPlan2020(): SeedProject["milestones"][number] {
  return { title: "列入《2020年郑州都市圈一体化发展工作要点》", dueDate: null, done: true };
}

export const seedProjects: SeedProject[] = [
  {
    name: "黄河鲲鹏服务器和PC机许昌生产基地",
    category: "新一代信息技术",
    ownerDepartmentCode: "GXJ",
    status: "in_production",
    totalInvestment: null,
    startDate: null,
    endDate: null,
    location: "许昌市许港产业带（许昌北站附近）",
    description:
      "由黄河科技集团信息产业发展有限公司建设运营，生产服务器、微型计算机和主板。项目在省委、省政府支持下落地许昌，仅用 58 天建成投产，是许昌强化产业升级的代表项目和 2020 年郑州都市圈建设十大重点工程之一。",
    figures: [
      { label: "服务器年产能", value: 36, unit: "万台" },
      { label: "微型计算机年产能", value: 75, unit: "万台" },
      { label: "主板年产能", value: 25, unit: "万块" },
      { label: "建设周期", value: 58, unit: "天" },
      { label: "园区", value: 3, unit: "个" },
      { label: "标准化生产车间", value: 12, unit: "个" },
      { label: "服务器生产线", value: 3, unit: "条" },
      { label: "微型计算机生产线", value: 3, unit: "条" },
      { label: "主板生产线", value: 1, unit: "条" },
    ],
    milestones: [
      { title: "项目落地许昌（2019年）", dueDate: null, done: true },
      { title: "建成投产", dueDate: null, done: true },
      { title: "列入2020年郑州都市圈建设十大重点工程", dueDate: null, done: true },
      inWorkPlan2020(),
    ],
  },
  {
    name: "许昌远东传动轴汽车传动系统智能制造产业园",
    category: "汽车及零部件",
    ownerDepartmentCode: "GXJ",
    status: "under_construction",
    totalInvestment: null,
    startDate: null,
    endDate: null,
    location: "许昌市",
    description:
      "依托远东传动等龙头企业，建设汽车传动系统智能制造产业园，推动汽车及零部件产业向智能化、高端化升级。",
    figures: [],
    milestones: [inWorkPlan2020(), { title: "建成投产", dueDate: null, done: false }],
  },
  {
    name: "许昌生物医药产业园",
    category: "生物医药",
    ownerDepartmentCode: "GXJ",
    status: "under_construction",
    totalInvestment: null,
    startDate: null,
    endDate: null,
    location: "许昌市",
    description: "建设生物医药产业集聚发展载体，培育壮大生物医药新兴产业，完善研发、生产、流通等环节配套。",
    figures: [],
    milestones: [inWorkPlan2020(), { title: "首批企业入驻", dueDate: null, done: false }],
  },
  {
    name: "长葛产业新城特色产业园",
    category: "产业园区",
    ownerDepartmentCode: "FGW",
    status: "under_construction",
    totalInvestment: null,
    startDate: null,
    endDate: null,
    location: "长葛市",
    description: "以产业新城模式建设特色产业园，集聚特色优势产业，打造许港产业带北部的重要发展平台。",
    figures: [],
    milestones: [inWorkPlan2020(), { title: "园区基础设施建成", dueDate: null, done: false }],
  },
  {
    name: "黄河旋风新材料加工用金刚石与制线装备产业园",
    category: "超硬材料及制品",
    ownerDepartmentCode: "GXJ",
    status: "under_construction",
    totalInvestment: null,
    startDate: null,
    endDate: null,
    location: "长葛市",
    description:
      "依托黄河旋风等骨干企业，建设新材料加工用金刚石及制线装备产业园，延伸超硬材料及制品产业链，巩固许昌超硬材料产业优势。",
    figures: [],
    milestones: [inWorkPlan2020(), { title: "建成投产", dueDate: null, done: false }],
  },
  {
    name: "许昌综合保税区",
    category: "开放平台",
    ownerDepartmentCode: "SWJ",
    status: "planned",
    totalInvestment: null,
    startDate: null,
    endDate: null,
    location: "许昌市",
    description:
      "《2020年郑州都市圈一体化发展工作要点》提出谋划建设的开放平台，旨在对接郑州航空港，服务外向型制造业、临空产业和区域物流发展。",
    figures: [],
    milestones: [
      { title: "列入《2020年郑州都市圈一体化发展工作要点》谋划建设项目", dueDate: null, done: true },
      { title: "完成申建前期工作", dueDate: null, done: false },
    ],
  },
  {
    name: "中德产业园",
    category: "开放平台",
    ownerDepartmentCode: "SWJ",
    status: "planned",
    totalInvestment: null,
    startDate: null,
    endDate: null,
    location: "许昌市",
    description:
      "《2020年郑州都市圈一体化发展工作要点》提出谋划建设的国际产业合作园区，重点引进先进制造领域的技术、项目和管理经验。",
    figures: [],
    milestones: [
      { title: "列入《2020年郑州都市圈一体化发展工作要点》谋划建设项目", dueDate: null, done: true },
      { title: "完成园区规划方案", dueDate: null, done: false },
    ],
  },
  {
    name: "郑许市域铁路",
    category: "交通基础设施",
    ownerDepartmentCode: "JTJ",
    status: "under_construction",
    totalInvestment: null,
    startDate: null,
    endDate: null,
    location: "郑州市—许昌市（许昌段沿魏武大道）",
    description:
      "连接郑州与许昌的市域铁路，是郑许一体化“共织一张网”的骨干工程。许昌段共设 11 个站点，沿线产业布局纳入《许港产业带空间规划》统筹。",
    figures: [{ label: "许昌段站点", value: 11, unit: "个" }],
    milestones: [
      { title: "许昌段开工建设", dueDate: null, done: true },
      { title: "全线建成通车", dueDate: null, done: false },
    ],
  },
  {
    name: "《许港产业带空间规划》",
    category: "规划编制",
    ownerDepartmentCode: "ZRZYJ",
    status: "completed",
    totalInvestment: null,
    startDate: null,
    endDate: null,
    location: "许港产业带",
    description:
      "按照高标准编制的产业带空间规划，以产业集聚区为载体、以许港产业带为重点，统筹郑许市域铁路许昌段 11 个站点及沿线产业布局，促进郑许之间产业互补、错位、协同发展。规划已编制完成，转入实施阶段。",
    figures: [{ label: "统筹市域铁路许昌段站点", value: 11, unit: "个" }],
    milestones: [
      { title: "规划编制完成", dueDate: null, done: true },
      { title: "沿线站点产业布局落地实施", dueDate: null, done: false },
    ],
  },
  {
    name: "《郑许一体化发展规划》",
    category: "规划编制",
    ownerDepartmentCode: "FGW",
    status: "under_construction",
    totalInvestment: null,
    startDate: null,
    endDate: null,
    location: "郑州市、许昌市",
    description:
      "指导郑许一体化发展的综合性规划。状态“建设中”在此表示规划处于实施中：许昌正加快推进规划实施，扎实推进“六个对接”，并把产业对接放在更加突出的位置。",
    figures: [],
    milestones: [
      { title: "规划印发", dueDate: null, done: true },
      { title: "“六个对接”全面推进", dueDate: null, done: false },
    ],
  },
];

// ---------------------------------------------------------------------------
// Indicators
// ---------------------------------------------------------------------------

/** Builds an indicator whose 2020 baseline equals its 2020 observation from the article. */
function indicator2020(
  fields: Omit<SeedIndicator, "baseline" | "observations"> & { value: number },
): SeedIndicator {
  const { value, ...rest } = fields;
  return {
    ...rest,
    baseline: { value, year: 2020 },
    observations: [{ period: "2020", value, source: ARTICLE_SOURCE }],
  };
}

export const seedIndicators: SeedIndicator[] = [
  indicator2020({
    name: "工业行业大类覆盖数",
    unit: "个",
    category: "产业基础",
    ownerDepartmentCode: "GXJ",
    direction: "higher_is_better",
    target: null,
    value: 37,
    description: "国民经济 41 个工业行业大类中，许昌拥有的行业大类个数，反映工业门类齐全程度。",
  }),
  indicator2020({
    name: "制造业占规模以上工业增加值比重",
    unit: "%",
    category: "产业基础",
    ownerDepartmentCode: "TJJ",
    direction: "higher_is_better",
    target: null,
    value: 93,
    description: "制造业增加值占全市规模以上工业增加值的比重，2020 年约为 93%。",
  }),
  indicator2020({
    name: "规模工业企业数",
    unit: "家",
    category: "市场主体",
    ownerDepartmentCode: "GXJ",
    direction: "higher_is_better",
    target: null,
    value: 1567,
    description: "全市规模以上工业企业数量（截至 2020 年 9 月）。",
  }),
  indicator2020({
    name: "境内外主板上市企业数",
    unit: "家",
    category: "资本市场",
    ownerDepartmentCode: "JRJ",
    direction: "higher_is_better",
    target: null,
    value: 6,
    description: "在境内外主板市场上市的许昌企业数量。",
  }),
  indicator2020({
    name: "新三板挂牌企业数",
    unit: "家",
    category: "资本市场",
    ownerDepartmentCode: "JRJ",
    direction: "higher_is_better",
    target: null,
    value: 18,
    description: "在全国中小企业股份转让系统（新三板）挂牌的许昌企业数量。",
  }),
  indicator2020({
    name: "中原股权交易中心挂牌企业数",
    unit: "家",
    category: "资本市场",
    ownerDepartmentCode: "JRJ",
    direction: "higher_is_better",
    target: null,
    value: 800,
    description: "在中原股权交易中心挂牌的许昌企业数量；2020 年已突破 800 家，此处按 800 家记录。",
  }),
  indicator2020({
    name: "科技创新累计奖励金额",
    unit: "亿元",
    category: "创新驱动",
    ownerDepartmentCode: "KJJ",
    direction: "higher_is_better",
    target: null,
    value: 3,
    description: "历届科技创新大会累计用于重奖创新人才和企业的资金总额。",
  }),
  indicator2020({
    name: "许昌英才基金规模",
    unit: "亿元",
    category: "人才引育",
    ownerDepartmentCode: "RSJ",
    direction: "higher_is_better",
    target: null,
    value: 15,
    description: "为引进创新创业人才设立的“许昌英才基金”规模。",
  }),
  indicator2020({
    name: "引进创业创新人才团队",
    unit: "个",
    category: "人才引育",
    ownerDepartmentCode: "RSJ",
    direction: "higher_is_better",
    target: null,
    value: 74,
    description: "依托“许昌英才计划”和英才基金累计引进的创业创新人才（团队）数量。",
  }),
  indicator2020({
    name: "引进高层次人才",
    unit: "名",
    category: "人才引育",
    ownerDepartmentCode: "RSJ",
    direction: "higher_is_better",
    target: null,
    value: 788,
    description: "累计引进的高层次人才数量。",
  }),
  indicator2020({
    name: "新兴产业项目数",
    unit: "个",
    category: "新兴产业",
    ownerDepartmentCode: "GXJ",
    direction: "higher_is_better",
    target: null,
    value: 104,
    description: "当年谋划实施的九大新兴产业项目数量。",
  }),
  indicator2020({
    name: "新兴产业项目总投资",
    unit: "亿元",
    category: "新兴产业",
    ownerDepartmentCode: "GXJ",
    direction: "higher_is_better",
    target: null,
    value: 903.2,
    description: "当年谋划实施的九大新兴产业项目计划总投资。",
  }),
  indicator2020({
    name: "省级智能工厂（车间）数",
    unit: "家",
    category: "产业升级",
    ownerDepartmentCode: "GXJ",
    direction: "higher_is_better",
    target: null,
    value: 19,
    description: "入选河南省智能工厂（车间）的许昌企业数量，反映“三大改造”成效。",
  }),
  indicator2020({
    name: "上云企业数",
    unit: "家",
    category: "产业升级",
    ownerDepartmentCode: "GXJ",
    direction: "higher_is_better",
    target: null,
    value: 2240,
    description: "已实施业务上云的企业数量，反映企业数字化转型程度。",
  }),
  indicator2020({
    name: "千亿级产业集群数",
    unit: "个",
    category: "新兴产业",
    ownerDepartmentCode: "GXJ",
    direction: "higher_is_better",
    target: { value: 6, year: 2025 },
    value: 1,
    description:
      "达到千亿元量级的产业集群数量。2020 年智能电力装备产业集群已达千亿元量级；目标为通过 3 至 5 年努力打造 6 个。",
  }),
  indicator2020({
    name: "工业总量全省排名",
    unit: "位",
    category: "综合实力",
    ownerDepartmentCode: "TJJ",
    direction: "lower_is_better",
    target: null,
    value: 3,
    description: "全市工业总量在河南省各省辖市中的位次，数值越小越好；工业竞争力同样居全省第 3 位。",
  }),
];
