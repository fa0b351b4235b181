import { expect, type Locator, type Page } from "@playwright/test";

/** The header's search box and the /search results page. */
export class SearchPage {
  readonly input: Locator;
  readonly results: Locator;
  readonly status: Locator;

  constructor(private readonly page: Page) {
    this.input = page.getByRole("search").getByRole("searchbox", { name: "搜索章节、项目和指标" });
    this.results = page.getByTestId("search-result");
    this.status = page.locator(".search-status");
  }

  /** Searches from the header, reached with the `/` shortcut, and waits for the results. */
  async searchWithShortcut(query: string) {
    await this.page.locator("body").press("/");
    await expect(this.input).toBeFocused();
    await this.input.fill(query);
    await this.input.press("Enter");
    await expect(this.page).toHaveURL(new RegExp(`/search\\?q=${encodeURIComponent(query)}`));
    await expect(this.page.getByRole("heading", { level: 1, name: `「${query}」的搜索结果` })).toBeVisible();
  }

  /** Results of one kind (project, indicator, section). */
  resultsOf(kind: "project" | "indicator" | "section"): Locator {
    return this.page.locator(`[data-testid="search-result"][data-kind="${kind}"]`);
  }
}
