import { expect, test } from "@playwright/test";
import { E2E_DEMO_PASSWORD } from "./constants";
import { LoginPage } from "./pages/login-page";
import { SearchPage } from "./pages/search-page";

const KUNPENG = "黄河鲲鹏服务器和PC机许昌生产基地";

test.describe("search", () => {
  test("「鲲鹏」 in the header lists the project and the sections citing it; a section hit opens the plan at the passage", async ({ page }, testInfo) => {
    // Not "viewer": the accounts spec disables that account.
    await new LoginPage(page).loginAs("swj", E2E_DEMO_PASSWORD);
    const search = new SearchPage(page);
    await search.searchWithShortcut("鲲鹏");

    // The project's name contains the query: it comes first, its title highlighted.
    const first = search.results.first();
    await expect(first).toHaveAttribute("data-kind", "project");
    await expect(first.getByRole("heading", { level: 2 })).toHaveText(KUNPENG);
    await expect(first.getByRole("heading", { level: 2 }).locator("mark")).toHaveText("鲲鹏");
    const sectionHits = search.resultsOf("section");
    await expect(sectionHits.getByRole("heading", { name: "重点项目建设" })).toBeVisible();
    await expect(sectionHits.getByRole("heading", { name: "培育壮大新兴产业" })).toBeVisible();
    await expect(sectionHits.first().locator(".search-result-passage mark")).toHaveText("鲲鹏");
    await expect(search.status).toContainText(/找到 \d+ 条结果/);
    await page.screenshot({ path: testInfo.outputPath("search-results.png"), fullPage: true });

    const hit = sectionHits.filter({ has: page.getByRole("heading", { name: "培育壮大新兴产业" }) });
    await hit.getByRole("link").click();
    await expect(page).toHaveURL(/\/plans\/[^?]+\?q=.+&block=\d+#section-[0-9a-f-]{36}$/);
    const status = page.getByTestId("search-passage-status");
    await expect(status).toHaveText("已定位到「鲲鹏」所在的段落", { timeout: 20_000 });

    // The match is highlighted inside the section's editor and is on screen.
    const sectionId = /#section-(.+)$/.exec(page.url())![1]!;
    const highlighted = () =>
      page.evaluate((id) => {
        const highlight = (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get("search-passage");
        const range = highlight ? [...highlight][0] : undefined;
        if (!range) return null;
        const rect = range.getBoundingClientRect();
        return {
          text: range.toString(),
          inSection: Boolean(document.getElementById(`section-${id}`)?.contains(range.startContainer)),
          onScreen: rect.top >= 0 && rect.bottom <= window.innerHeight,
        };
      }, sectionId);
    // The page scrolls smoothly to the passage: on screen once the scroll has ended.
    await expect.poll(highlighted, { timeout: 5_000 }).toEqual({ text: "鲲鹏", inSection: true, onScreen: true });
    await page.screenshot({ path: testInfo.outputPath("search-passage.png") });
  });

  test("Ctrl+K reaches the search; a project hit opens the project, and a word that is nowhere says what to try", async ({ page }) => {
    await new LoginPage(page).loginAs("gxj", E2E_DEMO_PASSWORD);
    const search = new SearchPage(page);
    await page.locator("body").press("Control+k");
    await expect(search.input).toBeFocused();
    await search.input.fill("PC机");
    await search.input.press("Enter");
    await expect(search.results.first()).toHaveAttribute("data-kind", "project");
    await search.results.first().getByRole("link").click();
    await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: KUNPENG })).toBeVisible();

    await search.input.fill("量子引力波");
    await search.input.press("Enter");
    await expect(page.getByText("没有找到「量子引力波」")).toBeVisible();
    await expect(page.getByText(/试试更短的词/)).toBeVisible();
  });
});
