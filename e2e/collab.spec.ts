import { type Browser, expect, test } from "@playwright/test";
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD } from "./constants";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";
import { UsersPage } from "./pages/users-page";

const SECTION = "强化创新驱动";
const zhang = { username: "kjj", password: E2E_DEMO_PASSWORD, label: "科技局编辑 张磊 · 市科学技术局" };
const wang = { username: "kjj_wang", displayName: "科技局 王芳", password: "wang-initial-1", label: "科技局 王芳 · 市科学技术局" };

/** One browser context per person, logged in and on the plan page. */
async function openPlanAs(browser: Browser, username: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new LoginPage(page).loginAs(username, password);
  return { context, page, plan: new PlanPage(page) };
}

test.beforeAll(async ({ browser }) => {
  const admin = await openPlanAs(browser, "admin", E2E_ADMIN_PASSWORD);
  const users = new UsersPage(admin.page);
  await users.goto();
  await users.createUser({ username: wang.username, displayName: wang.displayName, role: "编辑", department: "市科学技术局", password: wang.password });
  await admin.context.close();
});

test("two editors of the owning department see each other's text and labelled carets, and 已保存 follows typing", async ({ browser }) => {
  const first = await openPlanAs(browser, zhang.username, zhang.password);
  const second = await openPlanAs(browser, wang.username, wang.password);
  const firstSection = first.plan.section(SECTION);
  const secondSection = second.plan.section(SECTION);
  await firstSection.open();
  await secondSection.open();
  await expect(firstSection.toolbar).toBeVisible();
  await expect(firstSection.readOnly).toHaveCount(0);

  await firstSection.typeAtEnd("张磊补充的一句。");
  await expect(secondSection.body).toContainText("张磊补充的一句。");
  await expect(firstSection.saveStatus).toHaveText("已保存");

  await secondSection.typeAtEnd("王芳补充的一句。");
  await expect(firstSection.body).toContainText("王芳补充的一句。");
  await expect(secondSection.saveStatus).toHaveText("已保存");

  await expect(firstSection.remoteCaret(wang.label)).toBeVisible();
  await expect(secondSection.remoteCaret(zhang.label)).toBeVisible();
  await expect(firstSection.presence).toContainText(wang.displayName);
  await expect(secondSection.presence).toContainText("科技局编辑 张磊");

  await first.context.close();
  await second.context.close();
});

test("three people in one section: two editors type, a leader follows both live and sees who is there", async ({ browser }) => {
  const first = await openPlanAs(browser, zhang.username, zhang.password);
  const second = await openPlanAs(browser, wang.username, wang.password);
  const leader = await openPlanAs(browser, "leader1", E2E_DEMO_PASSWORD);
  const sections = [first, second, leader].map((person) => person.plan.section(SECTION));
  for (const section of sections) await section.open();
  const [firstSection, secondSection, leaderSection] = sections as [typeof sections[0], typeof sections[0], typeof sections[0]];

  const [fromFirst, fromSecond] = [`三人同时：张磊（${Date.now()}）。`, `三人同时：王芳（${Date.now()}）。`];
  // One after the other: two carets typing at the same place interleave their characters.
  await firstSection.typeAtEnd(fromFirst);
  await expect(secondSection.body).toContainText(fromFirst);
  await secondSection.typeAtEnd(fromSecond);
  for (const section of sections) {
    await expect(section.body).toContainText(fromFirst);
    await expect(section.body).toContainText(fromSecond);
  }
  await expect(firstSection.saveStatus).toHaveText("已保存");
  await expect(secondSection.saveStatus).toHaveText("已保存");
  await expect(leaderSection.saveStatus).toHaveText("实时更新");
  await expect(leaderSection.body).toHaveAttribute("contenteditable", "false");
  await expect(leaderSection.presence).toContainText("科技局编辑 张磊");
  await expect(leaderSection.presence).toContainText(wang.displayName);
  await expect(firstSection.remoteCaret(wang.label)).toBeVisible();
  await expect(secondSection.remoteCaret(zhang.label)).toBeVisible();

  for (const person of [first, second, leader]) await person.context.close();
});

for (const reader of [
  { who: "a leader", username: "leader1", reason: "您的角色（领导）只能查看正文，不能编辑" },
  { who: "an editor of another department", username: "fgw", reason: "本章节由市科学技术局牵头编写，其他部门只能查看" },
]) {
  test(`${reader.who} sees the section update live, but typing into it changes nothing`, async ({ browser }) => {
    const owner = await openPlanAs(browser, zhang.username, zhang.password);
    const other = await openPlanAs(browser, reader.username, E2E_DEMO_PASSWORD);
    const ownerSection = owner.plan.section(SECTION);
    const readerSection = other.plan.section(SECTION);
    await ownerSection.open();
    await readerSection.open();

    await expect(readerSection.readOnly).toContainText("只读");
    await expect(readerSection.readOnly).toContainText(reader.reason);
    await expect(readerSection.toolbar).toHaveCount(0);
    await expect(readerSection.body).toHaveAttribute("contenteditable", "false");

    const liveText = `${reader.username} 应实时看到的句子。`;
    await ownerSection.typeAtEnd(liveText);
    await expect(readerSection.body).toContainText(liveText);

    const attempt = `${reader.username} 试图输入`;
    await readerSection.body.click();
    await other.page.keyboard.press("Control+End");
    await other.page.keyboard.type(attempt);
    // Something the owner types afterwards arrives; the attempt is nowhere, on either side.
    const marker = `${reader.username} 之后的标记。`;
    await ownerSection.typeAtEnd(marker);
    await expect(readerSection.body).toContainText(marker);
    await expect(readerSection.body).not.toContainText(attempt);
    await expect(ownerSection.body).not.toContainText(attempt);
    await expect(ownerSection.saveStatus).toHaveText("已保存");

    await owner.context.close();
    await other.context.close();
  });
}

test("the toolbar and its keyboard shortcuts format the text of an editable section", async ({ browser }) => {
  const owner = await openPlanAs(browser, zhang.username, zhang.password);
  const section = owner.plan.section(SECTION);
  await section.open();
  const bold = section.toolbar.getByRole("button", { name: "加粗" });
  await expect(bold).toHaveAttribute("aria-pressed", "false");

  await section.typeAtEnd("普通文字");
  await owner.page.keyboard.press("Enter");
  await owner.page.keyboard.press("Control+B");
  await expect(bold).toHaveAttribute("aria-pressed", "true");
  await owner.page.keyboard.type("加粗文字");
  await expect(section.body.locator("strong", { hasText: "加粗文字" })).toBeVisible();

  await owner.page.keyboard.press("Control+Alt+4");
  await expect(section.body.getByRole("heading", { level: 4, name: "加粗文字" })).toBeVisible();
  await expect(section.toolbar.getByRole("button", { name: "四级标题" })).toHaveAttribute("aria-pressed", "true");

  await owner.page.keyboard.press("Enter");
  await owner.page.keyboard.type("许昌市政府网站");
  await owner.page.keyboard.press("Shift+Home");
  await owner.page.keyboard.press("Control+K");
  await owner.page.getByLabel("链接地址").fill("www.xuchang.gov.cn");
  await owner.page.getByRole("button", { name: "应用" }).click();
  await expect(section.body.getByRole("link", { name: "许昌市政府网站" })).toHaveAttribute("href", "https://www.xuchang.gov.cn");

  await section.toolbar.getByRole("button", { name: "插入表格" }).click();
  await expect(section.body.locator("table").last()).toBeVisible();
  await expect(section.saveStatus).toHaveText("已保存");
  await owner.context.close();
});

test("an edit over 2 MB is refused with a clear message; the text stays to copy, and discarding it brings back the saved section", async ({ browser }) => {
  const owner = await openPlanAs(browser, zhang.username, zhang.password);
  const section = owner.plan.section(SECTION);
  await section.open();
  await section.body.focus();
  await owner.page.keyboard.press("Control+End");
  // One paste of ~2.4 MB (800,000 three-byte characters): one update, over the message limit.
  await owner.page.keyboard.insertText("大段粘贴".repeat(200_000));
  const refused = owner.page.getByTestId("section-refused");
  await expect(refused).toContainText("这次修改的数据超过 2 MB，服务器无法接收，修改未能保存");
  await expect(section.readOnly).toContainText("最近的修改未能保存");
  await expect(section.body).toContainText("大段粘贴大段粘贴");
  await expect(section.body).toHaveAttribute("contenteditable", "false");

  await refused.getByRole("button", { name: "放弃未保存的修改并重新载入本章节" }).click();
  await expect(refused).toHaveCount(0);
  await expect(section.saveStatus).toHaveText("已保存");
  await expect(section.body).not.toContainText("大段粘贴大段粘贴");
  await expect(section.readOnly).toHaveCount(0);
  await owner.context.close();
});
