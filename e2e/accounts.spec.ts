import { expect, test } from "@playwright/test";
import { E2E_ADMIN_PASSWORD, E2E_DEMO_PASSWORD } from "./constants";
import { LoginPage } from "./pages/login-page";
import { UsersPage } from "./pages/users-page";

const newEditor = { username: "kjj_chen", displayName: "科技局 陈静", password: "chen-initial-1" };

test("admin creates an editor in 市科学技术局, who then sees the plan tree with owner departments", async ({ browser }) => {
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await new LoginPage(adminPage).loginAs("admin", E2E_ADMIN_PASSWORD);
  const users = new UsersPage(adminPage);
  await users.goto();
  await users.createUser({ ...newEditor, role: "编辑", department: "市科学技术局" });
  await expect(users.row(newEditor.username)).toContainText("市科学技术局");
  await adminPage.getByRole("button", { name: "退出登录" }).click();
  await expect(adminPage).toHaveURL(/\/login/);
  await adminContext.close();

  const editorContext = await browser.newContext();
  const editorPage = await editorContext.newPage();
  await new LoginPage(editorPage).loginAs(newEditor.username, newEditor.password);
  await expect(editorPage.getByRole("heading", { level: 1 })).toContainText("许昌智造");
  const rows = editorPage.getByTestId("section-row");
  await expect(rows.first()).toBeVisible();
  expect(await rows.count()).toBeGreaterThanOrEqual(5);
  await expect(rows.filter({ hasText: "强化创新驱动" }).getByTestId("section-owner").first()).toHaveText("市科学技术局");
  await expect(rows.filter({ hasText: "强化产业升级" }).getByTestId("section-owner").first()).toHaveText("市工业和信息化局");
  await editorContext.close();
});

test("a wrong password shows the error and keeps the user on the login page", async ({ page }) => {
  const login = new LoginPage(page);
  await login.login("admin", "definitely-wrong");
  await expect(login.error).toHaveText("用户名或密码错误。");
  await expect(page).toHaveURL(/\/login/);
});

test("a disabled user is refused at login", async ({ browser }) => {
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await new LoginPage(adminPage).loginAs("admin", E2E_ADMIN_PASSWORD);
  const users = new UsersPage(adminPage);
  await users.goto();
  await users.disable("viewer");
  await adminContext.close();

  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  const login = new LoginPage(viewerPage);
  await login.login("viewer", E2E_DEMO_PASSWORD);
  await expect(login.error).toHaveText("该账号已停用，请联系系统管理员。");
  await viewerPage.goto("/");
  await expect(viewerPage).toHaveURL(/\/login/);
  await viewerContext.close();
});

test("pages are not reachable without login", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers/);
  await expect(page.getByRole("button", { name: "登录" })).toBeVisible();
});

test("the login page is in Chinese by default and switches to English", async ({ page }) => {
  await page.goto("/login");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("still-wrong");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong username or password.");
});
