import { type Browser, expect, type Page, test } from "@playwright/test";
import { E2E_DEMO_PASSWORD } from "./constants";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";

/** One browser context per person, logged in and on the plan page. */
async function openPlanAs(browser: Browser, username: string, password = E2E_DEMO_PASSWORD) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new LoginPage(page).loginAs(username, password);
  return { context, page, plan: new PlanPage(page) };
}

/** Records an observation through the tRPC API, from inside a logged-in page (its session cookie). */
async function recordObservation(page: Page, indicatorName: string, observation: { period: string; value: number }) {
  return page.evaluate(
    async ({ indicatorName, observation }) => {
      const list = (await (await fetch("/api/trpc/indicator.list")).json()) as { result: { data: { json: { id: string; name: string }[] } } };
      const indicator = list.result.data.json.find((entry) => entry.name === indicatorName);
      if (!indicator) return `no indicator named ${indicatorName}`;
      const response = await fetch("/api/trpc/indicator.addObservation", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { indicatorId: indicator.id, ...observation, source: "e2e" } }),
      });
      return response.status;
    },
    { indicatorName, observation },
  );
}

test("# inserts an indicator chip with its latest value, which follows a new observation in every browser without reload", async ({ browser }) => {
  const editor = await openPlanAs(browser, "gxj");
  const section = editor.plan.section("培育壮大新兴产业");
  await section.open();
  await expect(section.chip("上云企业数")).toHaveCount(0);

  await section.typeAtEnd("企业上云持续推进，");
  await editor.page.keyboard.type("#上云");
  const option = editor.plan.picker.getByRole("option", { name: /上云企业数/ });
  await expect(option).toBeVisible();
  await expect(option).toHaveAttribute("aria-selected", "true");
  await expect(section.body).toHaveAttribute("aria-activedescendant", (await option.getAttribute("id"))!);
  await editor.page.keyboard.press("Enter");

  await expect(editor.plan.picker).toHaveCount(0);
  await expect(section.chip("上云企业数")).toHaveText(/上云企业数\s*2240 家/);
  await expect(section.body).not.toContainText("#上云");
  await expect(section.body).not.toHaveAttribute("aria-activedescendant", /.*/);
  await expect(section.linksPanel).toContainText("上云企业数");
  await expect(section.saveStatus).toHaveText("已保存");

  const recorder = await openPlanAs(browser, "gxj");
  expect(await recordObservation(recorder.page, "上云企业数", { period: "2021", value: 2600 })).toBe(200);

  await expect(section.chip("上云企业数")).toHaveText(/上云企业数\s*2600 家/);
  await expect(section.linksPanel.getByTestId("linked-indicator").filter({ hasText: "上云企业数" })).toContainText("2600 家");
  // The recorder's own page (other sections citing the same indicator) follows as well.
  const elsewhere = recorder.plan.section("改造提升传统产业");
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
