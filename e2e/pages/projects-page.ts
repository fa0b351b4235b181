import { expect, type Locator, type Page } from "@playwright/test";

/** The 重点项目 registry: table, search, CSV import and its report. */
export class ProjectsPage {
  readonly rows: Locator;
  readonly search: Locator;
  readonly importButton: Locator;
  readonly importErrors: Locator;
  readonly importErrorRows: Locator;

  constructor(private readonly page: Page) {
    this.rows = page.getByTestId("project-row");
    this.search = page.getByLabel("按名称搜索");
    this.importButton = page.getByRole("button", { name: "导入 CSV" });
    this.importErrors = page.getByTestId("csv-errors");
    this.importErrorRows = page.getByTestId("csv-error-row");
  }

  async goto() {
    await this.page.goto("/projects");
    await expect(this.rows.first()).toBeVisible();
  }

  /** Picks a CSV file with the given text through the 导入 CSV button's file chooser. */
  async importCsv(fileName: string, csv: string) {
    const chooser = this.page.waitForEvent("filechooser");
    await this.importButton.click();
    await (await chooser).setFiles({ name: fileName, mimeType: "text/csv", buffer: Buffer.from(`\uFEFF${csv}`, "utf-8") });
  }

  async openProject(name: string) {
    await this.page.getByRole("link", { name, exact: true }).click();
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
}
