import { expect, type Locator, type Page } from "@playwright/test";

/** 审阅 (/review): the queue on the left, the selected section with its diff, comments and decision. */
export class ReviewPage {
  readonly queue: Locator;
  readonly onlyChanged: Locator;
  readonly detail: Locator;
  /** The attributed diff of the selected section (read-only editor with its legend). */
  readonly diff: Locator;
  /** 「修改人」: who changed what in the diff, with department. */
  readonly legend: Locator;
  readonly threads: Locator;
  readonly approveButton: Locator;
  readonly requestChangesButton: Locator;
  readonly dialog: Locator;

  constructor(private readonly page: Page) {
    this.queue = page.getByRole("region", { name: /^待审阅章节/ });
    this.onlyChanged = this.queue.getByRole("checkbox", { name: "只看上次查看后有变化的" });
    this.detail = page.getByTestId("review-detail");
    this.diff = this.detail.getByTestId("section-diff");
    this.legend = this.diff.getByRole("list", { name: "修改人" });
    this.threads = this.detail.getByRole("region", { name: "本节评论" });
    this.approveButton = this.detail.getByRole("button", { name: "通过", exact: true });
    this.requestChangesButton = this.detail.getByRole("button", { name: "退回修改", exact: true });
    this.dialog = page.getByRole("dialog");
  }

  async goto() {
    await this.page.goto("/review");
    await expect(this.queue).toBeVisible();
  }

  /** A section's entry in the queue (a link that opens it). */
  queueItem(title: string): Locator {
    return this.queue.getByRole("link").filter({ hasText: title });
  }

  async open(title: string) {
    await this.queueItem(title).click();
    await expect(this.detail.getByRole("heading", { level: 2, name: title })).toBeVisible();
    await expect(this.diff).toBeVisible();
  }

  /** Text inserted since the compared version, in the diff (an <ins> labelled with its author). */
  inserted(text: string): Locator {
    return this.diff.getByRole("region").locator("ins").filter({ hasText: text });
  }

  /** Selects `text` in the diff and opens a thread on it with `body` (the 「评论」 button under the selection). */
  async commentOn(text: string, body: string) {
    await this.inserted(text).first().selectText();
    await this.detail.getByRole("button", { name: "评论", exact: true }).click();
    const form = this.detail.getByRole("form", { name: "评论所选文字" });
    await form.getByLabel("评论内容").fill(body);
    await form.getByRole("button", { name: "发表", exact: true }).click();
    await expect(this.threads).toContainText(body);
  }

  async requestChanges(reason: string) {
    await this.requestChangesButton.click();
    await this.dialog.getByLabel("退回理由").fill(reason);
    await this.dialog.getByRole("button", { name: "确认退回" }).click();
    await expect(this.dialog).toHaveCount(0);
  }

  async approve(comment: string) {
    await this.approveButton.click();
    await this.dialog.getByLabel("审阅意见（选填）").fill(comment);
    await this.dialog.getByRole("button", { name: "确认通过" }).click();
    await expect(this.dialog).toHaveCount(0);
  }
}
