import type { Locator, Page } from "@playwright/test";

/** 数据一致性检查 (/plans/<planId>/consistency): every contradicted figure, grouped by section. */
export class ConsistencyPage {
  readonly heading: Locator;
  readonly sections: Locator;
  readonly departmentFilter: Locator;
  readonly refreshButton: Locator;

  constructor(private readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "数据一致性检查" });
    this.sections = page.getByTestId("consistency-section");
    this.departmentFilter = page.getByLabel("责任部门");
    this.refreshButton = page.getByRole("button", { name: "刷新" });
  }

  async goto(planId: string) {
    await this.page.goto(`/plans/${planId}/consistency`);
  }

  /** The group of one section (by its title). */
  section(title: string): Locator {
    return this.sections.filter({ has: this.page.getByRole("heading", { level: 2, name: title }) });
  }
}
