import { type Browser, expect, type Page, test } from "@playwright/test";
import { E2E_DEMO_PASSWORD } from "./constants";
import { ConsistencyPage } from "./pages/consistency-page";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";

const CLOUD_INDICATOR = "上云企业数";
const SECTION = "强化产业升级";
const STATED = "2240";

async function openPlanAs(browser: Browser, username: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new LoginPage(page).loginAs(username, E2E_DEMO_PASSWORD);
  return { context, page, plan: new PlanPage(page) };
}

type IndicatorSummary = { id: string; name: string; latest: { period: string; value: number } | null };

/** An indicator as indicator.list has it now (the page's session cookie). */
async function indicatorNamed(page: Page, name: string): Promise<IndicatorSummary> {
  const list = await page.evaluate(async () => {
    const response = await fetch("/api/trpc/indicator.list");
    return ((await response.json()) as { result: { data: { json: IndicatorSummary[] } } }).result.data.json;
  });
  const found = list.find((entry) => entry.name === name);
  if (!found) throw new Error(`no indicator named ${name}`);
  return found;
}

async function addObservation(page: Page, indicatorId: string, observation: { period: string; value: number }) {
  return page.evaluate(
    async ({ indicatorId, observation }) => {
      const response = await fetch("/api/trpc/indicator.addObservation", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { indicatorId, ...observation, source: "e2e" } }),
      });
      return response.status;
    },
    { indicatorId, observation },
  );
}

/**
 * The database is shared by the spec files of one run (chips.spec.ts and registries.spec.ts record
 * 2021 = 2600 for 上云企业数): the test starts from whatever the latest value is, and records a
 * period after it.
 */
function nextObservation(latest: IndicatorSummary["latest"]): { period: string; value: number } {
  const candidates = [
    { period: "2021", value: 2600 },
    { period: "2022-06", value: 2650 },
    { period: "2023-06", value: 2700 },
    { period: "2024-06", value: 2750 },
  ];
  const next = candidates.find((candidate) => !latest || candidate.period > latest.period);
  if (!next) throw new Error(`no period after ${latest?.period}`);
  return next;
}

test("a figure the registry contradicts is flagged live in the section, the outline and the plan-wide check", async ({ browser }) => {
  const reader = await openPlanAs(browser, "leader1");
  const planId = /\/plans\/([^/#?]+)/.exec(reader.page.url())![1]!;
  const section = reader.plan.section(SECTION);
  await section.open();
  await expect(section.body).toContainText(`${STATED} 家`);

  const recorder = await openPlanAs(browser, "gxj");
  const indicator = await indicatorNamed(recorder.page, CLOUD_INDICATOR);
  if (!indicator.latest || indicator.latest.value === 2240) {
    // Freshly seeded: the text agrees with the registry.
    await expect(section.chip(CLOUD_INDICATOR)).toHaveText(/2240 家/);
    await expect(section.consistencyWarning).toHaveCount(0);
    await expect(reader.plan.outline.link(SECTION).getByTestId("outline-warning")).toHaveCount(0);
  } else {
    // Another spec of this run recorded a newer value first: the warning already names it.
    await expect(section.consistencyWarning).toContainText(String(indicator.latest.value));
  }

  const observation = nextObservation(indicator.latest);
  expect(await addObservation(recorder.page, indicator.id, observation)).toBe(200);

  // Without reload: the section's warning box names the stated and the new figure.
  const warning = section.consistencyWarning;
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("数据不一致");
  await expect(warning).toContainText(`文中：${STATED} 家`);
  await expect(warning).toContainText(`最新：${observation.value} 家`);
  await expect(warning).toContainText(CLOUD_INDICATOR);
  await expect(warning.getByRole("link", { name: new RegExp(CLOUD_INDICATOR) })).toHaveAttribute("href", `/indicators/${indicator.id}`);
  await expect(section.root.getByRole("status").filter({ has: reader.page.getByTestId("consistency-warning") })).toHaveCount(1);
  await expect(reader.plan.outline.link(SECTION).getByTestId("outline-warning")).toContainText(/⚠\s*\d+/);
  await expect(reader.page.getByTestId("consistency-link")).toContainText(/数据一致性检查\s*[1-9]\d* 处/);
  await section.root.screenshot({ path: test.info().outputPath("section-warning.png") });

  // The plan-wide check lists it under the owner department.
  await reader.page.getByTestId("consistency-link").click();
  const check = new ConsistencyPage(reader.page);
  await expect(check.heading).toBeVisible();
  const group = check.section(SECTION);
  await expect(group).toBeVisible();
  await expect(group.getByTestId("consistency-owner")).toHaveText("市工业和信息化局");
  await expect(group).toContainText(`文中：${STATED} 家`);
  await expect(group).toContainText(`最新：${observation.value} 家`);
  await expect(group.getByRole("link").first()).toHaveAttribute("href", new RegExp(`/plans/${planId}#section-`));
  await reader.page.screenshot({ path: test.info().outputPath("consistency-page.png"), fullPage: true });
  await check.departmentFilter.selectOption({ label: "市工业和信息化局" });
  await expect(group).toBeVisible();

  // The indicator's page lists the section among the ones citing it.
  await reader.page.goto(`/indicators/${indicator.id}`);
  const citedBy = reader.page.getByRole("region", { name: "引用本指标的章节" });
  await expect(citedBy.getByRole("link", { name: SECTION })).toBeVisible();

  await reader.context.close();
  await recorder.context.close();
});
