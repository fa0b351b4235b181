import { expect, type Locator, type Page } from "@playwright/test";

/** 「导出」 on the plan page and its dialog. */
export class ExportDialog {
  readonly openButton: Locator;
  readonly dialog: Locator;
  readonly wholePlan: Locator;
  readonly oneSection: Locator;
  readonly sectionSelect: Locator;
  readonly currentText: Locator;
  readonly approvedOnly: Locator;
  readonly word: Locator;
  readonly printView: Locator;
  readonly submit: Locator;
  readonly status: Locator;

  constructor(private readonly page: Page) {
    this.openButton = page.getByTestId("export-open");
    this.dialog = page.getByRole("dialog", { name: "导出规划" });
    this.wholePlan = this.dialog.getByLabel("整个规划");
    this.oneSection = this.dialog.getByLabel("单个章节（含其下级章节）");
    this.sectionSelect = this.dialog.getByLabel("选择章节");
    this.currentText = this.dialog.getByLabel("当前内容");
    this.approvedOnly = this.dialog.getByLabel("仅审阅通过的版本（审定稿）");
    this.word = this.dialog.getByLabel("Word 文件（.docx）");
    this.printView = this.dialog.getByLabel("打印视图");
    this.submit = page.getByTestId("export-submit");
    this.status = this.dialog.getByRole("status");
  }

  async open() {
    await this.openButton.click();
    await expect(this.dialog).toBeVisible();
  }
}
