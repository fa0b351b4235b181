import { expect, type Page, test } from "@playwright/test";
import { E2E_DEMO_PASSWORD } from "./constants";
import { IndicatorPage } from "./pages/indicator-page";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";

type StreamCounts = { open: number; mostAtOnce: number; opened: number };

/**
 * Runs in every page before its scripts: counts the page's EventSources (tRPC's server-sent
 * events), each holding an HTTP/1.1 connection while it is not closed.
 */
function countEventSources() {
  const Native = window.EventSource;
  const live = new Set<EventSource>();
  const counts = { open: 0, mostAtOnce: 0, opened: 0 };
  const update = () => {
    for (const source of live) if (source.readyState === Native.CLOSED) live.delete(source);
    counts.open = live.size;
    counts.mostAtOnce = Math.max(counts.mostAtOnce, live.size);
  };
  class CountedEventSource extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      counts.opened += 1;
      live.add(this);
      update();
      this.addEventListener("error", update);
    }
    close() {
      super.close();
      update();
    }
  }
  window.EventSource = CountedEventSource;
  (window as unknown as { liveStreams: () => StreamCounts }).liveStreams = () => {
    update();
    return { ...counts };
  };
}

const streamsOf = (page: Page) => page.evaluate(() => (window as unknown as { liveStreams: () => StreamCounts }).liveStreams());

/** Clicks an entry of the top navigation (an in-app navigation, no page load). */
async function navigate(page: Page, label: string) {
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: label, exact: true }).click();
}

test("two tabs of one browser, the plan and an indicator: each holds one live stream, in-app navigation completes and live updates still arrive", async ({
  browser,
}) => {
  test.slow();
  const context = await browser.newContext();
  await context.addInitScript(countEventSources);

  // Tab 1: the plan page (outline, chips, comments and the bell are all live), an editor of 人社局.
  const planTab = await context.newPage();
  await new LoginPage(planTab).loginAs("rsj", E2E_DEMO_PASSWORD);
  const section = new PlanPage(planTab).section("人才引进与培养");
  await section.open();
  const chip = section.chip("引进创业创新人才团队");
  await expect(chip).toHaveText(/引进创业创新人才团队\s*74 个/);

  // Tab 2, same browser (same connection pool): the registry, then one indicator — in-app.
  const indicatorTab = await context.newPage();
  const indicator = new IndicatorPage(indicatorTab);
  await indicator.open("引进创业创新人才团队");

  // Further in-app navigation in tab 2: 项目, back to 指标 and into the indicator again.
  await navigate(indicatorTab, "项目");
  await expect(indicatorTab).toHaveURL(/\/projects$/);
  await expect(indicatorTab.getByRole("heading", { level: 1, name: "重点项目" })).toBeVisible();
  await navigate(indicatorTab, "指标");
  await expect(indicatorTab.getByRole("heading", { level: 1, name: "监测指标" })).toBeVisible();
  await indicatorTab.getByRole("link", { name: "引进创业创新人才团队", exact: true }).click();
  await expect(indicatorTab.getByRole("heading", { level: 1, name: "引进创业创新人才团队" })).toBeVisible();

  // A new observation in tab 2 reaches the chip in tab 1 without reload.
  await indicator.record({ period: "2021", value: "80", source: "市人力资源和社会保障局 2021 年统计" });
  await expect(indicator.observation("2021 年")).toContainText("80");
  await expect(chip).toHaveText(/引进创业创新人才团队\s*80 个/);

  // And back to the plan in tab 2, in-app as well.
  await navigate(indicatorTab, "规划");
  await expect(new PlanPage(indicatorTab).section("人才引进与培养").root).toBeVisible();

  // Never more than one live stream per tab, whatever the page shows.
  for (const tab of [planTab, indicatorTab]) {
    const counts = await streamsOf(tab);
    expect(counts.open, "live streams open now").toBe(1);
    expect(counts.mostAtOnce, "live streams open at once").toBe(1);
  }
  await context.close();
});
