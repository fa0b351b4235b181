import { expect, type Locator, type Page } from "@playwright/test";

/** The side outline 「章节目录」 and, for admins, its 「管理目录」 mode. */
export class OutlinePanel {
  readonly root: Locator;
  readonly manageButton: Locator;
  readonly addTopLevelButton: Locator;
  readonly items: Locator;
  readonly dialog: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByRole("navigation", { name: "章节导航" });
    this.manageButton = this.root.getByRole("button", { name: "管理目录" });
    this.addTopLevelButton = this.root.getByRole("button", { name: "添加一级章节" });
    this.items = this.root.getByTestId("outline-item");
    this.dialog = page.getByRole("dialog");
  }

  /** The outline entry (number + title) linking to a section. */
  link(title: string): Locator {
    return this.root.getByRole("link").filter({ hasText: title });
  }

  /** The actions of one section in 管理目录 mode. */
  tools(title: string): Locator {
    return this.items.filter({ has: this.page.getByRole("link").filter({ hasText: title }) }).getByRole("toolbar");
  }

  async manage() {
    await this.manageButton.click();
    await expect(this.addTopLevelButton).toBeVisible();
  }

  async addTopLevel(title: string, department: string) {
    await this.addTopLevelButton.click();
    await this.dialog.getByLabel("章节标题", { exact: true }).fill(title);
    await this.dialog.getByLabel("牵头部门", { exact: true }).selectOption({ label: department });
    await this.dialog.getByRole("button", { name: "添加", exact: true }).click();
    await expect(this.dialog).toHaveCount(0);
    await expect(this.link(title)).toBeVisible();
  }

  async setOwner(title: string, department: string) {
    await this.tools(title).getByRole("button", { name: "修改标题或牵头部门" }).click();
    await this.dialog.getByLabel("牵头部门", { exact: true }).selectOption({ label: department });
    await this.dialog.getByRole("button", { name: "保存" }).click();
    await expect(this.dialog).toHaveCount(0);
  }

  async rename(title: string, newTitle: string) {
    await this.tools(title).getByRole("button", { name: "修改标题或牵头部门" }).click();
    await this.dialog.getByLabel("章节标题", { exact: true }).fill(newTitle);
    await this.dialog.getByRole("button", { name: "保存" }).click();
    await expect(this.dialog).toHaveCount(0);
    await expect(this.link(newTitle)).toBeVisible();
  }
}
