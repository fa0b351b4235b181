import { expect, type Locator, type Page } from "@playwright/test";
import { OutlinePanel } from "./outline-panel";

/** One section of the plan document: heading, badges, saved state, presence and its live body. */
export class PlanSectionBlock {
  readonly body: Locator;
  readonly toolbar: Locator;
  readonly saveStatus: Locator;
  readonly readOnly: Locator;
  /** The owner department's name in the section's header. */
  readonly owner: Locator;
  readonly presence: Locator;
  readonly remoteCarets: Locator;
  /** Cited projects and indicators in the body (live chips). */
  readonly chips: Locator;
  /** 「关联项目与指标」 beside (or below) the body. */
  readonly linksPanel: Locator;
  /** 「数据不一致」 under the header: figures in the body that contradict the registry. */
  readonly consistencyWarning: Locator;

  constructor(
    private readonly page: Page,
    readonly root: Locator,
  ) {
    this.body = root.getByRole("textbox");
    this.toolbar = root.getByRole("toolbar");
    this.saveStatus = root.getByTestId("save-status");
    this.readOnly = root.getByTestId("read-only");
    this.owner = root.getByTestId("section-owner");
    this.presence = root.getByTestId("presence");
    this.remoteCarets = root.getByTestId("remote-caret");
    this.chips = root.getByTestId("reference-chip");
    this.linksPanel = root.getByTestId("section-links");
    this.consistencyWarning = root.getByTestId("consistency-warning");
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
    // Let the editor take in the moved selection (a rendered frame) before the first key arrives:
    // typed at once, the first character could be lost when the body ends in a table.
    await this.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await this.page.keyboard.type(text);
  }

  remoteCaret(label: string): Locator {
    return this.remoteCarets.filter({ hasText: label });
  }

  chip(name: string): Locator {
    return this.chips.filter({ hasText: name });
  }
}

export class PlanPage {
  /** The `@` / `#` popup of whichever body is being typed in. */
  readonly picker: Locator;
  /** The hover / focus card of a chip. */
  readonly chipCard: Locator;
  readonly outline: OutlinePanel;

  constructor(private readonly page: Page) {
    this.picker = page.getByTestId("reference-picker");
    this.chipCard = page.getByTestId("reference-card");
    this.outline = new OutlinePanel(page);
  }

  section(title: string): PlanSectionBlock {
    const root = this.page.getByTestId("section").filter({ has: this.page.getByRole("heading", { name: title }) });
    return new PlanSectionBlock(this.page, root);
  }
}
