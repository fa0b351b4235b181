import { expect, type Locator, type Page } from "@playwright/test";

export class LoginPage {
  readonly username: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.username = page.getByLabel("用户名");
    this.password = page.getByLabel("密码");
    this.submit = page.getByRole("button", { name: "登录" });
    this.error = page.getByRole("main").getByRole("alert");
  }

  async goto() {
    await this.page.goto("/login");
    await expect(this.submit).toBeEnabled();
  }

  async login(username: string, password: string) {
    await this.goto();
    await this.username.fill(username);
    await this.password.fill(password);
    await this.submit.click();
  }

  /** Logs in and waits to land in the workspace. */
  async loginAs(username: string, password: string) {
    await this.login(username, password);
    await expect(this.page).toHaveURL(/\/plans\//);
  }
}
