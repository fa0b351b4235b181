import { expect, type Locator, type Page } from "@playwright/test";

export class UsersPage {
  readonly createButton: Locator;
  readonly rows: Locator;

  constructor(private readonly page: Page) {
    this.createButton = page.getByRole("button", { name: "创建用户" });
    this.rows = page.getByTestId("user-row");
  }

  async goto() {
    await this.page.goto("/admin/users");
    await expect(this.createButton).toBeVisible();
  }

  async createUser(user: { username: string; displayName: string; role: string; department: string; password: string }) {
    await this.page.getByLabel("用户名").fill(user.username);
    await this.page.getByLabel("显示名称").fill(user.displayName);
    await this.page.getByLabel("角色").first().selectOption({ label: user.role });
    await this.page.getByLabel("所属部门").first().selectOption({ label: user.department });
    await this.page.getByLabel("初始密码").fill(user.password);
    await this.createButton.click();
    await expect(this.row(user.username)).toBeVisible();
  }

  row(username: string): Locator {
    return this.rows.filter({ hasText: username });
  }

  async disable(username: string) {
    await this.row(username).getByRole("button", { name: "停用" }).click();
    await this.page.getByRole("button", { name: "确认停用" }).click();
    await expect(this.row(username)).toContainText("已停用");
  }
}
