import { expect, test } from "@playwright/test";
import { E2E_DEMO_PASSWORD } from "./constants";
import { IndicatorPage } from "./pages/indicator-page";
import { LoginPage } from "./pages/login-page";
import { ProjectsPage } from "./pages/projects-page";

const CLOUD_INDICATOR = "上云企业数";
const KUNPENG = "黄河鲲鹏服务器和PC机许昌生产基地";

// Other spec files record values for 上云企业数 in the same run, so this one uses an indicator nobody else touches.
const SMART_FACTORIES = "省级智能工厂（车间）数";

test("gxj records 2021 = 25 for 省级智能工厂（车间）数 and sees it in the table and the chart; a second 2021 is refused", async ({ page }) => {
  await new LoginPage(page).loginAs("gxj", E2E_DEMO_PASSWORD);
  const indicator = new IndicatorPage(page);
  await indicator.open(SMART_FACTORIES);
  await expect(indicator.observation("2020 年")).toContainText("19");

  await indicator.record({ period: "2021", value: "25", source: "市工业和信息化局 2021 年统计" });
  await expect(page.getByRole("status").filter({ hasText: "已录入" })).toContainText("2021 年");
  await expect(indicator.observation("2021 年")).toContainText("25");
  await expect(indicator.observation("2021 年")).toContainText("工信局编辑 王敏");
  await expect(indicator.latestValue).toHaveText("25 家（2021 年）");
  await expect(indicator.chart).toHaveAttribute("aria-label", /2020 年 19 家；2021 年 25 家/);
  await expect(indicator.chart.locator("svg text", { hasText: "2021 年" })).toBeVisible();

  await indicator.record({ period: "2021", value: "30", source: "重复录入" });
  await expect(indicator.period).toHaveAttribute("aria-invalid", "true");
  await expect(indicator.recordForm.getByText("该期间已录入数值")).toBeVisible();
  await expect(indicator.observation("2021 年")).toContainText("25");

  // The registry shows the new latest value.
  await page.goto("/indicators");
  await expect(page.getByTestId("indicator-row").filter({ hasText: SMART_FACTORIES })).toContainText("25");
});

test("kjj (市科学技术局) gets no form for 上云企业数, and the server refuses a direct call", async ({ page }) => {
  await new LoginPage(page).loginAs("kjj", E2E_DEMO_PASSWORD);
  const indicator = new IndicatorPage(page);
  await indicator.open(CLOUD_INDICATOR);
  await expect(indicator.readOnlyNote).toContainText("市工业和信息化局");
  await expect(page.getByRole("heading", { name: "录入观测值" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "删除" })).toHaveCount(0);

  const indicatorId = new URL(page.url()).pathname.split("/").pop();
  const response = await page.request.post("/api/trpc/indicator.addObservation", {
    data: { json: { indicatorId, period: "2023", value: 1, source: "越权尝试" } },
  });
  expect(response.status()).toBe(403);
  await page.reload();
  await expect(indicator.observation("2023 年")).toHaveCount(0);
});

test("importing a projects CSV with bad rows lists every bad row and writes nothing", async ({ page }) => {
  await new LoginPage(page).loginAs("gxj", E2E_DEMO_PASSWORD);
  const projects = new ProjectsPage(page);
  await projects.goto();
  const countBefore = await projects.rows.count();

  await projects.importCsv(
    "projects.csv",
    [
      "名称,类别,责任部门,状态,总投资（亿元）",
      "许昌智能装备测试园,智能装备,市工业和信息化局,在建,12.5",
      "许昌新材料测试园,新材料,市工业和信息化局,开工,abc",
    ].join("\r\n"),
  );
  await expect(projects.importErrors).toContainText("未写入任何数据");
  await expect(projects.importErrorRows).toHaveCount(2);
  await expect(projects.importErrorRows.nth(0)).toContainText("3");
  await expect(projects.importErrorRows.filter({ hasText: "状态" })).toContainText("开工");
  await expect(projects.importErrorRows.filter({ hasText: "状态" })).toContainText("无法识别的状态");
  await expect(projects.importErrorRows.filter({ hasText: "总投资（亿元）" })).toContainText("不是有效的数字");

  // Nothing written, not even the valid row.
  await page.reload();
  await expect(projects.rows.first()).toBeVisible();
  await expect(projects.rows).toHaveCount(countBefore);
  await projects.search.fill("测试园");
  await expect(page.getByText("没有符合条件的项目")).toBeVisible();
});

test("the 黄河鲲鹏 project page lists the sections that cite it, linking into the plan", async ({ page }) => {
  await new LoginPage(page).loginAs("leader1", E2E_DEMO_PASSWORD);
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.openProject(KUNPENG);
  await expect(page.getByText("服务器年产能")).toBeVisible();

  const citedBy = page.getByRole("region", { name: "引用本项目的章节" });
  const links = citedBy.getByRole("link");
  // The seed cites it in these two sections (other spec files of the run may add more citations).
  await expect(links.filter({ hasText: "培育壮大新兴产业" })).toHaveCount(1);
  await expect(links.filter({ hasText: "重点项目建设" })).toHaveCount(1);
  await expect(links.first()).toHaveAttribute("href", /^\/plans\/[0-9a-f-]+#section-[0-9a-f-]+$/);
  // A leader reads the registry but does not manage it.
  await expect(page.getByRole("region", { name: "项目管理" })).toHaveCount(0);

  await citedBy.getByRole("link", { name: "重点项目建设" }).click();
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]+#section-/);
});

test("gxj changes a project's status quickly: the history records it and the other facts stay", async ({ page }) => {
  await new LoginPage(page).loginAs("gxj", E2E_DEMO_PASSWORD);
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.openProject("许昌生物医药产业园");
  const manage = page.getByRole("region", { name: "项目管理" });
  await manage.getByLabel("建设状态").selectOption({ label: "已投产" });
  await manage.getByRole("button", { name: "保存" }).click();
  await expect(page.getByRole("status").filter({ hasText: "建设状态已变更为“已投产”" })).toBeVisible();

  const history = page.getByRole("region", { name: "状态变更记录" });
  await expect(history.getByRole("listitem").first()).toContainText("在建 → 已投产");
  await expect(history.getByRole("listitem").first()).toContainText("工信局编辑 王敏");
  const overview = page.getByRole("region", { name: "项目概况" });
  await expect(overview).toContainText("建设生物医药产业集聚发展载体");
  await expect(overview).toContainText("许昌市");
  await expect(page.getByRole("region", { name: "里程碑" })).toContainText("首批企业入驻");
});

test("importing observations: a bad period is reported and nothing written; the corrected file is imported", async ({ page }) => {
  await new LoginPage(page).loginAs("gxj", E2E_DEMO_PASSWORD);
  await page.goto("/indicators");
  const importErrors = page.getByTestId("csv-errors");
  const importObservations = async (csv: string) => {
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "导入观测值 CSV" }).click();
    await (await chooser).setFiles({ name: "observations.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf-8") });
  };

  await importObservations(["指标名称,期间,数值,来源", `${CLOUD_INDICATOR},2023,3100,年度统计`, `规模工业企业数,2023年,1600,年度统计`].join("\n"));
  await expect(importErrors).toContainText("发现 1 处问题");
  const errorRow = page.getByTestId("csv-error-row");
  await expect(errorRow).toHaveCount(1);
  await expect(errorRow).toContainText("期间");
  await expect(errorRow).toContainText("期间格式有误");
  await expect(errorRow).toContainText("2023年");

  await importObservations(["指标名称,期间,数值,来源", `${CLOUD_INDICATOR},2023,3100,年度统计`].join("\n"));
  await expect(page.getByText("已导入：新增 1 条观测值。")).toBeVisible();
  await expect(importErrors).toHaveCount(0);
  await expect(page.getByTestId("indicator-row").filter({ hasText: CLOUD_INDICATOR })).toContainText("3,100");
});

test("an open indicator page shows an observation recorded elsewhere without reloading", async ({ browser }) => {
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  await new LoginPage(reader).loginAs("kjj", E2E_DEMO_PASSWORD);
  const readerView = new IndicatorPage(reader);
  await readerView.open(CLOUD_INDICATOR);
  await expect(readerView.observation("2020 年")).toBeVisible();

  const editorContext = await browser.newContext();
  const editor = await editorContext.newPage();
  await new LoginPage(editor).loginAs("gxj", E2E_DEMO_PASSWORD);
  const editorView = new IndicatorPage(editor);
  await editorView.open(CLOUD_INDICATOR);
  await editorView.record({ period: "2024-Q1", value: "3300", source: "季度监测" });
  await expect(editorView.observation("2024 年第 1 季度")).toBeVisible();

  await expect(readerView.observation("2024 年第 1 季度")).toContainText("3,300");
  await editorContext.close();
  await readerContext.close();
});

test("deleting a cited project is refused with the citing sections, and archiving is offered instead", async ({ page }) => {
  await new LoginPage(page).loginAs("gxj", E2E_DEMO_PASSWORD);
  const projects = new ProjectsPage(page);
  await projects.goto();
  await projects.openProject(KUNPENG);
  await page.getByRole("group", { name: /操作/ }).getByRole("button", { name: "删除" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "确认删除" }).click();
  await expect(dialog.getByRole("link", { name: "重点项目建设" })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "改为归档" })).toBeFocused();
  await dialog.getByRole("button", { name: "改为归档" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("button", { name: "取消归档" })).toBeVisible();
});
