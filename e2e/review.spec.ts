import { type Browser, expect, test } from "@playwright/test";
import { E2E_DEMO_PASSWORD } from "./constants";
import { LoginPage } from "./pages/login-page";
import { PlanPage } from "./pages/plan-page";
import { ReviewPage } from "./pages/review-page";
import { NotificationBell, SectionReview } from "./pages/section-review";

/** Owned by 市工业和信息化局 (gxj); no other spec edits it. */
const SECTION = "发展基础";
const EDITOR_LABEL = "工信局编辑 王敏（市工业和信息化局）";
const LEADER_NAME = "韩副市长（韩立军）";
const ADDITION = "2020年全市新增省级智能工厂12家。";
const SUBMIT_NOTE = "补充了2020年智能工厂数据，请审阅。";
const COMMENT = "这个数字请与市统计局核对。";
const REASON = "请核对智能工厂数量，并写明数据来源。";
const FIX = "数据来源：市统计局年度公报。";
const RESUBMIT_NOTE = "已核对数量并补充数据来源。";

/** One browser context per person, logged in and on the plan page. */
async function openPlanAs(browser: Browser, username: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await new LoginPage(page).loginAs(username, E2E_DEMO_PASSWORD);
  return { context, page, plan: new PlanPage(page) };
}

test("an editor submits a section, a leader comments and sends it back, the fixed text is resubmitted and approved, and a third person sees every step live", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const editor = await openPlanAs(browser, "gxj");
  const leader = await openPlanAs(browser, "leader1");
  const watcher = await openPlanAs(browser, "leader2");

  const editorSection = editor.plan.section(SECTION);
  const editorReview = new SectionReview(editor.page, editorSection.root);
  const watcherSection = watcher.plan.section(SECTION);
  const watcherReview = new SectionReview(watcher.page, watcherSection.root);
  await editorSection.open();
  await watcherSection.open();
  await expect(editorReview.line).toContainText("修改完成后，可提交领导审阅。");

  // 1. The 市工信局 editor edits the section it owns and submits it with a note.
  await editorSection.typeAtEnd(ADDITION);
  await expect(editorSection.saveStatus).toHaveText("已保存");
  await editorReview.submit(SUBMIT_NOTE);
  await expect(editorReview.line).toContainText(`${EDITOR_LABEL}于`);
  await expect(watcherReview.line).toContainText("审阅中");
  await expect(watcherReview.line.getByRole("link", { name: "去审阅" })).toBeVisible();

  // 2. The leader finds it in the review workspace, with who sent it, how long it waits and how much changed.
  const review = new ReviewPage(leader.page);
  await review.goto();
  const entry = review.queueItem(SECTION);
  await expect(entry).toContainText("市工业和信息化局");
  await expect(entry).toContainText("工信局编辑 王敏 提交");
  await expect(entry).toContainText(/已等待 (不到 1 分钟|\d+ 分钟)/);
  await expect(entry).toContainText(/\+\d+ \/ −\d+ 字/);
  await expect(entry).toContainText("未查看");
  await review.open(SECTION);
  await expect(review.detail).toContainText(SUBMIT_NOTE);

  // The diff names the editor and department on the inserted text and in the legend.
  const inserted = review.inserted(ADDITION);
  await expect(inserted).toHaveAttribute("title", `插入：${EDITOR_LABEL}`);
  await expect(inserted).toContainText(`插入：${EDITOR_LABEL}`);
  const legendEntry = review.legend.getByRole("listitem").filter({ hasText: "工信局编辑 王敏" });
  await expect(legendEntry).toContainText("市工业和信息化局");

  // A comment on the phrase, then 退回修改 with a reason (the reason is required).
  await review.commentOn(ADDITION, COMMENT);
  await review.requestChangesButton.click();
  await review.dialog.getByRole("button", { name: "确认退回" }).click();
  await expect(review.dialog.getByText("请填写退回理由。")).toBeVisible();
  await review.dialog.getByRole("button", { name: "取消" }).click();
  await review.requestChanges(REASON);
  await expect(leader.page.getByText(`「${SECTION}」已退回修改，牵头部门将收到通知。`)).toBeVisible();
  await expect(review.queueItem(SECTION)).toHaveCount(0);

  // 3. The editor sees the notification, the reason and the comment; so does the third person, live.
  const bell = new NotificationBell(editor.page);
  await expect(bell.button).not.toHaveAccessibleName("通知，0 条未读");
  await bell.open();
  await expect(bell.panel.getByRole("listitem").filter({ hasText: `退回修改（${REASON}）` }).filter({ hasText: SECTION })).toBeVisible();
  await editor.page.keyboard.press("Escape");
  await expect(editorReview.line).toContainText(`理由：${REASON}`);
  await expect(editorReview.line).toContainText(LEADER_NAME);
  await expect(watcherReview.line).toContainText(`理由：${REASON}`);
  await editorReview.commentsToggle.click();
  await expect(editorSection.root.getByRole("region", { name: "本节评论" })).toContainText(COMMENT);

  // 4. The editor fixes the text and resubmits; the leader's queue shows it again without a reload.
  await editorSection.typeAtEnd(FIX);
  await expect(editorSection.saveStatus).toHaveText("已保存");
  await editorReview.submit(RESUBMIT_NOTE, "修改后重新提交");
  await expect(watcherReview.line).toContainText("审阅中");
  await expect(review.queueItem(SECTION)).toBeVisible();

  // 5. The leader approves.
  await review.open(SECTION);
  await expect(review.detail).toContainText(RESUBMIT_NOTE);
  await expect(review.inserted(FIX)).toHaveAttribute("title", `插入：${EDITOR_LABEL}`);
  await review.approve("同意。");
  await expect(leader.page.getByText(`「${SECTION}」已审阅通过，已从待审阅列表中移除。`)).toBeVisible();
  await expect(review.queueItem(SECTION)).toHaveCount(0);

  // 6. 已通过 everywhere, and the approved version is marked in 历史版本.
  await expect(editorReview.line).toContainText("已通过");
  await expect(editorReview.line).toContainText(`${LEADER_NAME}（市人民政府办公室）于`);
  await expect(watcherReview.line).toContainText("已通过");
  await editorReview.historyButton.click();
  const approvedVersion = editorReview.history.getByTestId("version-row").filter({ hasText: "已通过" });
  await expect(approvedVersion).toHaveCount(1);
  await expect(approvedVersion).toContainText(LEADER_NAME);

  await editor.context.close();
  await leader.context.close();
  await watcher.context.close();
});

test("people who are not leaders or admins get an explanation on /review", async ({ browser }) => {
  // An editor (the demo viewer account is disabled by the accounts spec).
  const viewer = await openPlanAs(browser, "fgw");
  await viewer.page.goto("/review");
  await expect(viewer.page.getByText("无权访问")).toBeVisible();
  await expect(viewer.page.getByText("审阅工作台仅供领导和系统管理员使用。", { exact: false })).toBeVisible();
  await viewer.context.close();
});
