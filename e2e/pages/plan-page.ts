import { expect, type Locator, type Page } from "@playwright/test";

/** One section of the plan document: heading, badges, saved state, presence and its live body. */
export class PlanSectionBlock {
  readonly body: Locator;
  readonly toolbar: Locator;
  readonly saveStatus: Locator;
  readonly readOnly: Locator;
  readonly presence: Locator;
  readonly remoteCarets: Locator;

  constructor(
    private readonly page: Page,
    readonly root: Locator,
  ) {
    this.body = root.getByRole("textbox");
    this.toolbar = root.getByRole("toolbar");
    this.saveStatus = root.getByTestId("save-status");
    this.readOnly = root.getByTestId("read-only");
    this.presence = root.getByTestId("presence");
    this.remoteCarets = root.getByTestId("remote-caret");
  }

  /** Scrolls the section into view (its body connects lazily) and waits until it is live. */
  async open() {
    await this.root.scrollIntoViewIfNeeded();
    await expect(this.body).toBeVisible();
    await expect(this.saveStatus).toHaveText(/^(已保存|实时更新)$/);
  }

  /** Types at the end of the body (focus + Ctrl+End: a click could land on someone's caret label). */
  async typeAtEnd(text: string) {
    await this.body.focus();
    await this.page.keyboard.press("Control+End");
    await this.page.keyboard.type(text);
  }

  remoteCaret(label: string): Locator {
    return this.remoteCarets.filter({ hasText: label });
  }
}

export class PlanPage {
  constructor(private readonly page: Page) {}

  section(title: string): PlanSectionBlock {
    const root = this.page.getByTestId("section").filter({ has: this.page.getByRole("heading", { name: title }) });
    return new PlanSectionBlock(this.page, root);
  }
}
