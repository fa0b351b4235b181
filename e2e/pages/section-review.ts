import { expect, type Locator, type Page } from "@playwright/test";

/** A section's review line in the plan (「提交审阅」, 审阅中, the reason after 退回修改, 已通过) and its 历史版本. */
export class SectionReview {
  readonly line: Locator;
  readonly dialog: Locator;
  readonly historyButton: Locator;
  readonly history: Locator;
  /** 「评论」 under the body (named 「评论（N 条讨论未解决）」), opening 本节评论. */
  readonly commentsToggle: Locator;

  constructor(
    private readonly page: Page,
    readonly section: Locator,
  ) {
    this.line = section.getByRole("group", { name: "审阅流程" });
    this.dialog = page.getByRole("dialog");
    this.historyButton = section.getByRole("button", { name: "历史版本" });
    this.history = page.getByTestId("section-history");
    this.commentsToggle = section.getByRole("button", { name: /条讨论未解决/ });
  }

  /** 「提交审阅」 (or 「修改后重新提交」) with a note, through the dialog. */
  async submit(note: string, action: "提交审阅" | "修改后重新提交" = "提交审阅") {
    await this.line.getByRole("button", { name: action }).click();
    await this.dialog.getByLabel("说明（选填）").fill(note);
    await this.dialog.getByRole("button", { name: action }).click();
    await expect(this.dialog).toHaveCount(0);
    await expect(this.line).toContainText("审阅中");
  }
}

/** The bell in the top bar. */
export class NotificationBell {
  readonly button: Locator;
  readonly panel: Locator;

  constructor(page: Page) {
    this.button = page.getByRole("button", { name: /^通知，\d+ 条未读$/ });
    this.panel = page.getByRole("region", { name: "通知" });
  }

  async open() {
    await this.button.click();
    await expect(this.panel).toBeVisible();
  }
}
