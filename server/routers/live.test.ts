import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { plans } from "@/db/schema";
import type { SessionUser } from "@/server/auth/session";
import { type LiveEvent, publishPlanEvent, publishRegistryEvent, publishReviewEvent, publishUserEvent } from "@/server/events";
import { appRouter } from "@/server/routers";
import { createTestDatabase } from "@/server/testing/db";
import { callerFor, makeDepartment, makeUser, sessionOf } from "@/server/testing/factories";
import { failureOf } from "@/server/testing/trpc-failure";
import { createCallerFactory } from "@/server/trpc";
import type { LiveTopicsInput } from "./live";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let departmentId: string;
let planId: string;
let otherPlanId: string;
const people = {} as Record<"admin" | "leader" | "editor" | "otherEditor" | "viewer", SessionUser>;
const createCaller = createCallerFactory(appRouter);
const open: AbortController[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  departmentId = (await makeDepartment(database.db)).id;
  for (const [key, role] of [
    ["admin", "admin"],
    ["leader", "leader"],
    ["editor", "editor"],
    ["otherEditor", "editor"],
    ["viewer", "viewer"],
  ] as const) {
    people[key] = (await sessionOf(database.db, await makeUser(database.db, { role, departmentId })))!;
  }
  const [plan, otherPlan] = await database.db
    .insert(plans)
    .values([
      { title: "实时事件测试", periodStart: 2020, periodEnd: 2025 },
      { title: "另一份规划", periodStart: 2020, periodEnd: 2025 },
    ])
    .returning();
  planId = plan!.id;
  otherPlanId = otherPlan!.id;
});
afterEach(() => {
  for (const controller of open.splice(0)) controller.abort();
});
afterAll(async () => database?.drop());

/** Opens live.events as `user`, the way a page does (the request's signal ends it). */
async function subscribe(user: SessionUser, input: LiveTopicsInput) {
  const controller = new AbortController();
  open.push(controller);
  const iterable = await createCaller({ db: database.db, user, clientAddress: "127.0.0.1" }, { signal: controller.signal }).live.events(input);
  const iterator = (iterable as AsyncIterable<LiveEvent>)[Symbol.asyncIterator]();
  return {
    controller,
    iterator,
    /** The next `count` events (fails after 5 s). */
    async take(count: number): Promise<LiveEvent[]> {
      const events: LiveEvent[] = [];
      const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${events.length} of ${count} events arrived`)), 5000));
      while (events.length < count) {
        const next = await Promise.race([iterator.next(), deadline]);
        if (next.done) throw new Error("the stream ended");
        events.push(next.value);
      }
      return events;
    },
  };
}

describe("live.events: one stream for all of a page's live topics", () => {
  it("delivers every asked-for topic, tagged, in order, and nothing else", async () => {
    const stream = await subscribe(people.admin, { plans: [planId], registry: true, notifications: true, review: true });
    const admin = callerFor(database.db, people.admin);

    // Real changes: a section added to the plan (outline), an indicator created (registry).
    await admin.section.create({ planId, title: "新章节", ownerDepartmentId: departmentId });
    const indicator = await admin.indicator.create({
      fields: { name: "实时指标", unit: "家", category: "c", ownerDepartmentId: departmentId, direction: "higher_is_better", description: "" },
    });
    // Not for this stream: another plan, another person's bell.
    publishPlanEvent({ type: "comments", planId: otherPlanId, sectionId: "00000000-0000-4000-8000-000000000001" });
    publishUserEvent(people.editor.id, { type: "notification", notificationId: "00000000-0000-4000-8000-000000000002" });
    publishUserEvent(people.admin.id, { type: "notification", notificationId: "00000000-0000-4000-8000-000000000003" });
    publishReviewEvent();
    publishPlanEvent({ type: "comments", planId, sectionId: "00000000-0000-4000-8000-000000000004" });

    expect(await stream.take(5)).toEqual([
      { topic: "plan", data: { type: "outline", planId } },
      { topic: "registry", data: { type: "indicator", id: indicator.id } },
      { topic: "notifications", data: { type: "notification", notificationId: "00000000-0000-4000-8000-000000000003" } },
      { topic: "review", data: { type: "review" } },
      { topic: "plan", data: { type: "comments", planId, sectionId: "00000000-0000-4000-8000-000000000004" } },
    ]);
  });

  it("gives a user only what they asked for and may see: their own bell, not others'", async () => {
    const editor = await subscribe(people.editor, { notifications: true });
    const other = await subscribe(people.otherEditor, { notifications: true, plans: [otherPlanId] });
    publishRegistryEvent({ type: "project", id: "00000000-0000-4000-8000-000000000005" });
    publishReviewEvent();
    publishPlanEvent({ type: "outline", planId });
    publishUserEvent(people.otherEditor.id, { type: "notification", notificationId: "00000000-0000-4000-8000-000000000006" });
    publishUserEvent(people.editor.id, { type: "notification", notificationId: "00000000-0000-4000-8000-000000000007" });
    publishPlanEvent({ type: "outline", planId: otherPlanId });

    expect(await editor.take(1)).toEqual([{ topic: "notifications", data: { type: "notification", notificationId: "00000000-0000-4000-8000-000000000007" } }]);
    expect(await other.take(2)).toEqual([
      { topic: "notifications", data: { type: "notification", notificationId: "00000000-0000-4000-8000-000000000006" } },
      { topic: "plan", data: { type: "outline", planId: otherPlanId } },
    ]);
    // Nothing else was queued for the editor: the next event is the next one published for them.
    publishUserEvent(people.editor.id, { type: "notification", notificationId: "00000000-0000-4000-8000-000000000008" });
    expect((await editor.take(1))[0]!.data).toMatchObject({ notificationId: "00000000-0000-4000-8000-000000000008" });
  });

  it("refuses the review queue to those who may not review, as review.list does", async () => {
    for (const user of [people.editor, people.viewer]) {
      expect((await failureOf(subscribe(user, { review: true, notifications: true }))).code).toBe("FORBIDDEN");
      expect((await failureOf(callerFor(database.db, user).review.list())).code).toBe("FORBIDDEN");
    }
    const leader = await subscribe(people.leader, { review: true });
    publishReviewEvent();
    expect(await leader.take(1)).toEqual([{ topic: "review", data: { type: "review" } }]);
    // A viewer may follow plans, the registry and their bell.
    const viewer = await subscribe(people.viewer, { plans: [planId], registry: true, notifications: true });
    publishRegistryEvent({ type: "project", id: "00000000-0000-4000-8000-000000000009" });
    expect(await viewer.take(1)).toEqual([{ topic: "registry", data: { type: "project", id: "00000000-0000-4000-8000-000000000009" } }]);
  });

  it("answers BAD_REQUEST to input naming no topic, a bad plan id, unknown topics or too many plans", async () => {
    const inputs: unknown[] = [
      {},
      { plans: [] },
      { plans: ["not-a-plan"] },
      { registry: false },
      { notifications: "yes" },
      { comments: true },
      { plans: Array.from({ length: 51 }, () => planId) },
      null,
    ];
    for (const input of inputs) {
      const error = await failureOf(subscribe(people.admin, input as LiveTopicsInput));
      expect(error.code, JSON.stringify(input)).toBe("BAD_REQUEST");
    }
  });

  it("answers UNAUTHORIZED without a session", async () => {
    const caller = createCaller({ db: database.db, user: null, clientAddress: "127.0.0.1" });
    expect((await failureOf(caller.live.events({ registry: true }))).code).toBe("UNAUTHORIZED");
  });

  it("ends when the request goes away", async () => {
    const stream = await subscribe(people.admin, { registry: true });
    const waiting = stream.iterator.next();
    stream.controller.abort();
    expect(await waiting).toEqual({ done: true, value: undefined });
    publishRegistryEvent({ type: "project", id: "00000000-0000-4000-8000-00000000000a" });
    expect(await stream.iterator.next()).toEqual({ done: true, value: undefined });
  });
});
