import { type Browser, expect, test } from "@playwright/test";
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD } from "./constants";
import { IndicatorPage } from "./pages/indicator-page";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";

/** One browser context per person, logged in and on the plan page. */
async function openPlanAs(browser: Browser, username: string, password = E2E_DEMO_PASSWORD) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new LoginPage(page).loginAs(username, password);
  return { context, page, plan: new PlanPage(page) };
}

/** A second editor of 市工业和信息化局 (the owner of 上云企业数), created by admin through the API. */
const secondEditor = { username: "gxj_li", displayName: "工信局编辑 李强", password: "gxj-li-initial-1" };

async function createSecondEditor(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new LoginPage(page).loginAs("admin", E2E_ADMIN_PASSWORD);
  const departments = (await (await page.request.get("/api/trpc/department.list")).json()) as {
    result: { data: { json: { id: string; name: string }[] } };
  };
  const gxj = departments.result.data.json.find((department) => department.name === "市工业和信息化局");
  expect(gxj, "市工业和信息化局 is seeded").toBeTruthy();
  const created = await page.request.post("/api/trpc/user.create", {
    data: { json: { ...secondEditor, role: "editor", departmentId: gxj!.id } },
  });
  expect(created.status()).toBe(200);
  await context.close();
}

test("an editor's # chip shows the live value; another editor's observation updates it without reload, flags the sentence stating the old figure, and the indicator lists the section", async ({
  browser,
}) => {
  // Three people log in (admin's set-up, two editors): more than one ordinary test's minute on a slow machine.
  test.slow();
  await createSecondEditor(browser);
  const editor = await openPlanAs(browser, "gxj");
  const section = editor.plan.section("培育壮大新兴产业");
  await section.open();
  await expect(section.chip("上云企业数")).toHaveCount(0);

  // A sentence that states the figure, with the chip chosen from the # picker.
  await section.typeAtEnd("全市");
  await editor.page.keyboard.type("#上云");
  const option = editor.plan.picker.getByRole("option", { name: /上云企业数/ });
  await expect(option).toBeVisible();
  await expect(option).toHaveAttribute("aria-selected", "true");
  await expect(section.body).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id"))!);
  await editor.page.keyboard.press("Enter");
  await expect(editor.plan.picker).toHaveCount(0);
  await editor.page.keyboard.type(" 达到 2240 家。");

  // The seeded value is 2240 家 (2020): the chip shows it and the sentence agrees with it.
  await expect(section.chip("上云企业数")).toHaveText(/上云企业数\s*2240 家/);
  await expect(section.body).toContainText("达到 2240 家。");
  await expect(section.body).not.toContainText("#上云");
  await expect(section.body).not.toHaveAttribute("aria-activedescendant", /.*/);
  await expect(section.linksPanel).toContainText("上云企业数");
  await expect(section.saveStatus).toHaveText("已保存");
  await expect(section.consistencyWarning).toHaveCount(0);

  // A second browser, another editor of the owner department, on the indicator's page: it lists
  // the edited section as citing the indicator, and its form records the new observation.
  const recorder = await openPlanAs(browser, secondEditor.username, secondEditor.password);
  const indicator = new IndicatorPage(recorder.page);
  await indicator.open("上云企业数");
  const citedBy = recorder.page.getByRole("region", { name: "引用本指标的章节" });
  await expect(citedBy.getByRole("link", { name: "培育壮大新兴产业" })).toBeVisible();

  await indicator.record({ period: "2021", value: "2600", source: "市工业和信息化局 2021 年统计" });
  await expect(indicator.observation("2021 年")).toContainText("2,600");
  await expect(indicator.observation("2021 年")).toContainText(secondEditor.displayName);

  // The first browser, without reload: the chip, the side panel and the warning on the sentence.
  await expect(section.chip("上云企业数")).toHaveText(/上云企业数\s*2600 家/);
  await expect(section.linksPanel.getByTestId("linked-indicator").filter({ hasText: "上云企业数" })).toContainText("2600 家");
  const warning = section.consistencyWarning;
  await expect(warning).toContainText("数据不一致");
  const item = warning.getByTestId("consistency-item");
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("全市上云企业数 达到 2240 家。");
  await expect(item).toContainText("文中：2240 家");
  await expect(item).toContainText("最新：2600 家");
  // Another section of the first browser citing the same indicator follows as well.
  const elsewhere = editor.plan.section("改造提升传统产业");
  await elsewhere.open();
  await expect(elsewhere.chip("上云企业数")).toHaveText(/2600 家/);

  await editor.context.close();
  await recorder.context.close();
});

test("the picker filters as one types, moves with the arrow keys, cancels with Esc and takes a click; chips show a card", async ({ browser }) => {
  const editor = await openPlanAs(browser, "gxj");
  const section = editor.plan.section("改造提升传统产业");
  await section.open();
  const { picker } = editor.plan;

  await section.typeAtEnd("相关项目：");
  await editor.page.keyboard.type("@产业园");
  await expect(picker.getByRole("listbox")).toBeVisible();
  const options = picker.getByRole("option");
  await expect(options.first()).toContainText("产业园");
  expect(await options.count()).toBeGreaterThan(1);
  await editor.page.keyboard.press("ArrowDown");
  await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(section.body).toHaveAttribute("aria-activedescendant", (await options.nth(1).getAttribute("id"))!);
  await editor.page.keyboard.press("Escape");
  await expect(picker).toHaveCount(0);
  await expect(section.body).toContainText("@产业园");

  await editor.page.keyboard.type(" @鲲鹏");
  await picker.getByRole("option", { name: /黄河鲲鹏服务器和PC机许昌生产基地/ }).click();
  const chip = section.chip("黄河鲲鹏服务器和PC机许昌生产基地");
  await expect(chip).toContainText("已投产");
  await expect(section.body).not.toContainText("@鲲鹏");
  await expect(section.linksPanel.getByTestId("linked-project")).toContainText("黄河鲲鹏服务器和PC机许昌生产基地");

  await chip.hover();
  await expect(editor.plan.chipCard).toContainText("市工业和信息化局");
  await expect(editor.plan.chipCard).toContainText("服务器年产能");
  await expect(chip).toHaveAttribute("aria-describedby", (await editor.plan.chipCard.getAttribute("id"))!);
  await editor.context.close();
});

test("a reader sees live chips in a read-only section; focus shows the card and a click opens the indicator's page", async ({ browser }) => {
  const reader = await openPlanAs(browser, "leader1");
  const section = reader.plan.section("人才引进与培养");
  await section.open();
  await expect(section.body).toHaveAttribute("contenteditable", "false");
  const chip = section.chip("引进高层次人才");
  await expect(chip).toHaveText(/引进高层次人才\s*788 名/);
  await expect(section.linksPanel).toContainText("引进高层次人才");

  await chip.focus();
  await expect(reader.plan.chipCard).toContainText("市人力资源和社会保障局");
  await reader.page.keyboard.press("Escape");
  await expect(reader.plan.chipCard).toHaveCount(0);

  await chip.click();
  await expect(reader.page).toHaveURL(/\/indicators\/[0-9a-f-]{36}$/);
  await reader.context.close();
});

test("a chip whose indicator does not exist (deleted, or pasted from elsewhere) shows as a muted 已删除的指标", async ({ browser }) => {
  const editor = await openPlanAs(browser, "gxj");
  const section = editor.plan.section("改造提升传统产业");
  await section.open();
  await section.typeAtEnd("粘贴的引用：");
  // Chips travel as HTML (span[data-indicator-ref]) when copied between documents.
  await section.body.evaluate((body) => {
    const data = new DataTransfer();
    data.setData("text/html", '<span data-indicator-ref="00000000-0000-4000-8000-000000000000"></span>');
    body.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(section.chip("已删除的指标")).toBeVisible();
  await expect(section.linksPanel).toContainText("已删除的指标");
  await expect(section.saveStatus).toHaveText("已保存");
  await editor.context.close();
});
