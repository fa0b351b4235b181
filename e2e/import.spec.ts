import { type Browser, expect, test } from "@playwright/test";
import { makeDocxFixture } from "../server/services/import/fixtures";
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD } from "./constants";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";

async function openPlanAs(browser: Browser, username: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new LoginPage(page).loginAs(username, password);
  return { context, page, plan: new PlanPage(page) };
}

test("an editor imports a Word document into an empty section; another browser sees the text live", async ({ browser }, testInfo) => {
  // SCREENSHOT_DIR keeps the pictures of the dialog out of test-results/, which every run clears.
  const shot = (name: string) => (process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/${name}` : testInfo.outputPath(name));
  const admin = await openPlanAs(browser, "admin", E2E_ADMIN_PASSWORD);
  const outline = admin.plan.outline;
  await outline.manage();
  await outline.addTopLevel("导入测试章节", "市科学技术局");
  await outline.root.getByRole("button", { name: "完成管理" }).click();

  const editor = await openPlanAs(browser, "kjj", E2E_DEMO_PASSWORD);
  const reader = await openPlanAs(browser, "admin", E2E_ADMIN_PASSWORD);
  const section = editor.plan.section("导入测试章节");
  await section.open();
  const importButton = section.root.getByRole("button", { name: "导入 Word / Markdown" });
  await expect(importButton).toBeVisible();
  const watched = reader.plan.section("导入测试章节");
  await watched.open();

  await section.root.screenshot({ path: shot("import-offer.png") });
  await importButton.click();
  const dialog = editor.page.getByRole("dialog", { name: "导入到「6 导入测试章节」" });
  await expect(dialog).toBeVisible();
  // Starting without a file says what is missing.
  await dialog.getByRole("button", { name: "开始导入" }).click();
  await expect(dialog).toContainText("请选择要导入的文件。");
  await dialog.getByLabel("文件").setInputFiles({
    name: "智能制造规划.docx",
    mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    buffer: await makeDocxFixture(),
  });
  await editor.page.screenshot({ path: shot("import-dialog.png") });
  await dialog.getByRole("button", { name: "开始导入" }).click();

  const done = dialog.getByTestId("import-done");
  await expect(done).toContainText("已导入「智能制造规划.docx」。");
  await expect(done).toContainText("4 个标题");
  await expect(done).toContainText("1 个表格");
  await expect(done).toContainText("1 张图片");
  await expect(done).toBeFocused();
  await editor.page.screenshot({ path: shot("import-result.png") });
  await dialog.getByRole("button", { name: "关闭" }).click();
  await expect(dialog).toHaveCount(0);

  // The text is in the editor of the importer and, live, of everyone else; the offer is gone.
  for (const block of [section, watched]) {
    await expect(block.body.getByRole("heading", { name: "总体要求", level: 3 })).toBeVisible();
    await expect(block.body.getByRole("heading", { name: "发展目标", level: 4 })).toBeVisible();
    await expect(block.body.locator("strong")).toHaveText("创新驱动");
    await expect(block.body.locator("ul li")).toHaveText(["培育龙头企业", "建设智能工厂"]);
    await expect(block.body.locator("ol li")).toHaveText(["摸清底数", "分步实施"]);
    await expect(block.body.locator("table")).toContainText("1000亿元");
  }
  await expect(importButton).toHaveCount(0);
  await expect(section.saveStatus).toHaveText("已保存");
  await editor.page.screenshot({ path: shot("import-section.png"), fullPage: false });

  // Leaves the seeded outline as it was for the other specs.
  await outline.manage();
  await outline.tools("导入测试章节").getByRole("button", { name: "删除章节" }).click();
  await outline.dialog.getByRole("button", { name: "删除", exact: true }).click();
  await outline.dialog.getByRole("button", { name: "确认删除" }).click();
  await expect(outline.link("导入测试章节")).toHaveCount(0);

  await admin.context.close();
  await editor.context.close();
  await reader.context.close();
});

test("the plans list offers 「导入为新规划」 to admins only", async ({ browser }, testInfo) => {
  const shot = (name: string) => (process.env.SCREENSHOT_DIR ? `${process.env.SCREENSHOT_DIR}/${name}` : testInfo.outputPath(name));
  const admin = await openPlanAs(browser, "admin", E2E_ADMIN_PASSWORD);
  await admin.page.getByRole("link", { name: "全部规划" }).click();
  await expect(admin.page).toHaveURL(/\/plans$/);
  await expect(admin.page.getByRole("heading", { name: "全部规划", level: 1 })).toBeVisible();
  await expect(admin.page.getByTestId("plan-list").getByRole("listitem")).toHaveCount(1);
  await admin.page.getByRole("button", { name: "导入为新规划" }).click();
  const dialog = admin.page.getByRole("dialog", { name: "导入为新规划" });
  await expect(dialog.getByLabel("各章节的牵头部门")).toBeVisible();
  await admin.page.screenshot({ path: shot("import-plan-dialog.png") });
  await dialog.getByRole("button", { name: "取消" }).click();
  await expect(dialog).toHaveCount(0);

  const editor = await openPlanAs(browser, "kjj", E2E_DEMO_PASSWORD);
  await editor.page.goto("/plans");
  await expect(editor.page.getByTestId("plan-list")).toBeVisible();
  await expect(editor.page.getByRole("button", { name: "导入为新规划" })).toHaveCount(0);
  await admin.context.close();
  await editor.context.close();
});
