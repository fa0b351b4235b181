import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD } from "./constants";
import { ExportDialog } from "./pages/export-dialog";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";

const PLAN_TITLE = "「许昌智造」助力郑州都市圈建设";

/** The document part of a downloaded .docx (throws unless it is a zip holding word/document.xml). */
async function documentXmlOf(path: string) {
  const bytes = new Uint8Array(await readFile(path));
  expect(strFromU8(bytes.slice(0, 2))).toBe("PK");
  const files = unzipSync(bytes);
  expect(Object.keys(files)).toContain("word/document.xml");
  return strFromU8(files["word/document.xml"]!);
}

test("export from the plan page downloads the plan as a Word file with a Chinese name", async ({ page }) => {
  await new LoginPage(page).loginAs("leader2", E2E_DEMO_PASSWORD);
  const exportDialog = new ExportDialog(page);
  await exportDialog.open();
  await expect(exportDialog.wholePlan).toBeChecked();
  await expect(exportDialog.word).toBeChecked();
  const downloading = page.waitForEvent("download");
  await exportDialog.submit.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${PLAN_TITLE}.docx`);
  const xml = await documentXmlOf((await download.path())!);
  expect(xml).toContain("一、总体思路");
  expect(xml).toContain("黄河鲲鹏服务器和PC机许昌生产基地");
  await expect(exportDialog.status).toContainText(`已下载「${PLAN_TITLE}.docx」`);

  // One section, approved versions only: named after the section.
  await exportDialog.oneSection.check();
  const option = exportDialog.sectionSelect.locator("option", { hasText: "重点项目建设" });
  await exportDialog.sectionSelect.selectOption((await option.getAttribute("value"))!);
  await exportDialog.approvedOnly.check();
  const second = page.waitForEvent("download");
  await exportDialog.submit.click();
  expect((await second).suggestedFilename()).toBe(`${PLAN_TITLE}-重点项目建设-审定稿.docx`);
});

test("the print view shows the numbered headings and the appendix, without the app's chrome when printing", async ({ page, context }) => {
  await new LoginPage(page).loginAs("leader2", E2E_DEMO_PASSWORD);
  const exportDialog = new ExportDialog(page);
  await exportDialog.open();
  await exportDialog.printView.check();
  const opening = context.waitForEvent("page");
  await exportDialog.submit.click();
  const print = await opening;
  await expect(print).toHaveURL(/\/plans\/[^/]+\/print$/);
  const document = print.getByTestId("print-document");
  await expect(document.getByRole("heading", { level: 1 })).toHaveText(PLAN_TITLE);
  await expect(document.getByRole("heading", { level: 2, name: "一、总体思路" })).toBeVisible();
  await expect(document.getByRole("heading", { level: 3, name: "（一）郑州都市圈“五个一”发展策略" })).toBeVisible();
  await expect(document.getByRole("heading", { level: 2, name: "五、下一步工作" })).toBeVisible();
  await expect(document.getByRole("heading", { name: "一、引用的项目" })).toBeVisible();
  await expect(document.getByRole("table", { name: "一、引用的项目" })).toContainText("黄河鲲鹏服务器和PC机许昌生产基地");
  await expect(print.getByRole("button", { name: "打印 / 另存为 PDF" })).toBeEnabled();

  await print.emulateMedia({ media: "print" });
  await expect(print.getByRole("banner")).toBeHidden();
  await expect(print.getByRole("toolbar", { name: "打印视图工具栏" })).toBeHidden();
  await expect(document).toBeVisible();

  await print.emulateMedia({ media: "screen" });
  await print.getByRole("link", { name: "只显示审阅通过的版本" }).click();
  await expect(print).toHaveURL(/\?approved=1$/);
  await expect(document.getByText("（审定稿）")).toBeVisible();
  await expect(document.getByText("（本部分尚无审阅通过的版本，未纳入审定稿。）").first()).toBeVisible();
});

test("a comparison in the section history exports as a Word redline", async ({ page }) => {
  await new LoginPage(page).loginAs("admin", E2E_ADMIN_PASSWORD);
  const plan = new PlanPage(page);
  const section = plan.section("总体思路");
  await section.root.getByTestId("section-history-open").click();
  const history = page.getByTestId("section-history");
  await history.getByLabel("版本名称").fill("导出测试版");
  await history.getByRole("button", { name: "保存版本" }).click();
  const row = history.getByTestId("version-row").filter({ hasText: "导出测试版" });
  await row.getByRole("button", { name: "与当前比较" }).click();
  const downloading = page.waitForEvent("download");
  await history.getByTestId("redline-export").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("修订对比-总体思路.docx");
  expect(await documentXmlOf((await download.path())!)).toContain("修订对比：总体思路");
});
