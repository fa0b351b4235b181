import { type Browser, expect, test } from "@playwright/test";
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD } from "./constants";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";

/** One browser context per person, logged in and on the plan page. */
async function openPlanAs(browser: Browser, username: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new LoginPage(page).loginAs(username, password);
  return { context, page, plan: new PlanPage(page) };
}

test("an admin adds, renames, moves and deletes a section; another browser follows the outline without reload", async ({ browser }) => {
  const admin = await openPlanAs(browser, "admin", E2E_ADMIN_PASSWORD);
  const reader = await openPlanAs(browser, "kjj", E2E_DEMO_PASSWORD);
  await expect(reader.plan.outline.manageButton).toHaveCount(0);
  const outline = admin.plan.outline;
  await outline.manage();

  await outline.addTopLevel("数字化转型专项", "市科学技术局");
  // The seed has five top-level sections: the new one comes sixth.
  await expect(reader.plan.outline.link("数字化转型专项")).toHaveText(/^6\s*数字化转型专项/);
  await expect(reader.page.getByRole("heading", { name: "数字化转型专项" })).toBeVisible();

  await outline.rename("数字化转型专项", "数字化转型专项行动");
  await expect(reader.plan.outline.link("数字化转型专项行动")).toBeVisible();
  await expect(reader.page.getByRole("heading", { name: "数字化转型专项行动" })).toBeVisible();

  // Its owner changes: the other browser's section shows the new owner and turns read-only for
  // an editor of the old one, without reload (and writable again when it comes back).
  const readerSection = reader.plan.section("数字化转型专项行动");
  await readerSection.open();
  await expect(readerSection.readOnly).toHaveCount(0);
  await outline.setOwner("数字化转型专项行动", "市发展和改革委员会");
  await expect(readerSection.owner).toHaveText("市发展和改革委员会");
  await expect(readerSection.readOnly).toContainText("本章节由市发展和改革委员会牵头编写，其他部门只能查看");
  await expect(readerSection.body).toHaveAttribute("contenteditable", "false");
  await outline.setOwner("数字化转型专项行动", "市科学技术局");
  await expect(readerSection.owner).toHaveText("市科学技术局");
  await expect(readerSection.readOnly).toHaveCount(0);
  await expect(readerSection.body).toHaveAttribute("contenteditable", "true");

  const moveUp = outline.tools("数字化转型专项行动").getByRole("button", { name: "上移" });
  await moveUp.click();
  await expect(reader.plan.outline.link("数字化转型专项行动")).toHaveText(/^5\s*数字化转型专项行动/);
  await expect(reader.plan.outline.link("下一步工作")).toHaveText(/^6\s*下一步工作/);
  // The focus stays on the button that was used, in the section's new place.
  await expect(moveUp).toBeFocused();

  // An empty section goes after one confirmation.
  await outline.tools("数字化转型专项行动").getByRole("button", { name: "删除章节" }).click();
  await expect(outline.dialog).toContainText("确定删除第 5 节「数字化转型专项行动」吗？");
  await outline.dialog.getByRole("button", { name: "删除", exact: true }).click();
  await expect(outline.dialog).toHaveCount(0);
  await expect(reader.plan.outline.link("数字化转型专项行动")).toHaveCount(0);
  await expect(reader.plan.outline.link("下一步工作")).toHaveText(/^5\s*下一步工作/);

  await admin.context.close();
  await reader.context.close();
});

test("deleting a section with text says how much text would be lost and asks again", async ({ browser }) => {
  const admin = await openPlanAs(browser, "admin", E2E_ADMIN_PASSWORD);
  const reader = await openPlanAs(browser, "kjj", E2E_DEMO_PASSWORD);
  const outline = admin.plan.outline;
  await outline.manage();
  await outline.addTopLevel("临时章节", "市科学技术局");

  const text = "这一段正文将随章节一起删除。";
  const section = admin.plan.section("临时章节");
  await section.open();
  await section.typeAtEnd(text);
  await expect(section.saveStatus).toHaveText("已保存");
  await expect(reader.plan.outline.link("临时章节")).toBeVisible();

  await outline.tools("临时章节").getByRole("button", { name: "删除章节" }).click();
  await outline.dialog.getByRole("button", { name: "删除", exact: true }).click();
  await expect(outline.dialog.getByRole("alert")).toHaveText(`本章节含 ${text.length} 字正文，删除后无法恢复。确认删除？`);
  await expect(outline.link("临时章节")).toBeVisible();

  await outline.dialog.getByRole("button", { name: "确认删除" }).click();
  await expect(outline.dialog).toHaveCount(0);
  await expect(outline.link("临时章节")).toHaveCount(0);
  await expect(reader.plan.outline.link("临时章节")).toHaveCount(0);
  await expect(reader.page.getByRole("heading", { name: "临时章节" })).toHaveCount(0);

  await admin.context.close();
  await reader.context.close();
});
