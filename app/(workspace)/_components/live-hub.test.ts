import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveTopicsInput } from "@/server/routers/live";
import { inputOf, LIVE_BATCH_MS, LiveHub, planTopic } from "./live-hub";

const PLAN_A = "00000000-0000-4000-8000-00000000000a";
const PLAN_B = "00000000-0000-4000-8000-00000000000b";

let opened: (LiveTopicsInput | null)[];
let hub: LiveHub;

beforeEach(() => {
  vi.useFakeTimers();
  opened = [];
  hub = new LiveHub((input) => opened.push(input));
});
afterEach(() => vi.useRealTimers());

/** Lets the batch window pass and queued microtasks run. */
async function settle() {
  await vi.advanceTimersByTimeAsync(LIVE_BATCH_MS + 1);
}

describe("LiveHub: one stream for the topics a page listens to", () => {
  it("opens the stream once for every topic registered within the batch window", async () => {
    hub.listen("notifications", {});
    hub.listen(planTopic(PLAN_B), {});
    hub.listen("registry", {});
    hub.listen(planTopic(PLAN_A), {});
    hub.listen("registry", {});
    expect(opened).toEqual([]);
    await settle();
    expect(opened).toEqual([{ notifications: true, registry: true, plans: [PLAN_A, PLAN_B] }]);
  });

  it("hands each event to the listeners of its topic only (a plan's events to that plan's listeners)", async () => {
    const planA = vi.fn();
    const planB = vi.fn();
    const registry = vi.fn();
    const bell = vi.fn();
    hub.listen(planTopic(PLAN_A), { onEvent: planA });
    hub.listen(planTopic(PLAN_B), { onEvent: planB });
    hub.listen("registry", { onEvent: registry });
    hub.listen("notifications", { onEvent: bell });
    await settle();
    hub.handleStarted();

    hub.handleEvent({ topic: "plan", data: { type: "comments", planId: PLAN_A, sectionId: "s1" } });
    hub.handleEvent({ topic: "registry", data: { type: "indicator", id: "i1" } });
    hub.handleEvent({ topic: "review", data: { type: "review" } });
    expect(planA).toHaveBeenCalledExactlyOnceWith({ type: "comments", planId: PLAN_A, sectionId: "s1" });
    expect(planB).not.toHaveBeenCalled();
    expect(registry).toHaveBeenCalledExactlyOnceWith({ type: "indicator", id: "i1" });
    expect(bell).not.toHaveBeenCalled();
  });

  it("calls onStarted of every listener on each (re)connection", async () => {
    const started = [vi.fn(), vi.fn()];
    hub.listen("registry", { onStarted: started[0] });
    hub.listen("notifications", { onStarted: started[1] });
    await settle();
    expect(started[0]).not.toHaveBeenCalled();
    hub.handleStarted();
    hub.handleConnecting();
    hub.handleStarted();
    for (const onStarted of started) expect(onStarted).toHaveBeenCalledTimes(2);
  });

  it("does not reopen for a topic already in the stream: the new listener starts at once (or with the connection)", async () => {
    hub.listen("registry", {});
    await settle();
    hub.handleStarted();

    const joined = vi.fn();
    hub.listen("registry", { onStarted: joined });
    await settle();
    expect(joined).toHaveBeenCalledOnce();
    expect(opened).toHaveLength(1);

    // While the stream reconnects, a listener joining waits for the connection.
    hub.handleConnecting();
    const waiting = vi.fn();
    hub.listen("registry", { onStarted: waiting });
    await settle();
    expect(waiting).not.toHaveBeenCalled();
    hub.handleStarted();
    expect(waiting).toHaveBeenCalledOnce();
    expect(opened).toHaveLength(1);
  });

  it("keeps a topic nobody listens to until a new topic reopens the stream, then drops it", async () => {
    const gone = vi.fn();
    const stopPlan = hub.listen(planTopic(PLAN_A), { onEvent: gone });
    hub.listen("notifications", {});
    await settle();
    stopPlan();
    await settle();
    expect(opened).toHaveLength(1);
    hub.handleEvent({ topic: "plan", data: { type: "outline", planId: PLAN_A } });
    expect(gone).not.toHaveBeenCalled();

    // Coming back to the plan needs no reconnection either.
    const plan = vi.fn();
    const back = hub.listen(planTopic(PLAN_A), { onEvent: plan });
    await settle();
    expect(opened).toHaveLength(1);
    hub.handleEvent({ topic: "plan", data: { type: "outline", planId: PLAN_A } });
    expect(plan).toHaveBeenCalledOnce();
    back();

    // A new topic: one reopening, with exactly the topics listened to now.
    const onStarted = vi.fn();
    hub.listen("registry", { onStarted });
    hub.listen("review", {});
    await settle();
    expect(opened).toEqual([{ notifications: true, plans: [PLAN_A] }, { notifications: true, registry: true, review: true }]);
    expect(onStarted).not.toHaveBeenCalled();
    hub.handleStarted();
    expect(onStarted).toHaveBeenCalledOnce();
  });

  it("stops calling a listener once it left", async () => {
    const onEvent = vi.fn();
    const stop = hub.listen("review", { onEvent });
    await settle();
    stop();
    hub.handleEvent({ topic: "review", data: { type: "review" } });
    expect(onEvent).not.toHaveBeenCalled();
  });
});

describe("inputOf", () => {
  it("is null without topics, and the same for the same set in any order", () => {
    expect(inputOf([])).toBeNull();
    expect(inputOf([planTopic(PLAN_B), "review", planTopic(PLAN_A)])).toEqual(inputOf(["review", planTopic(PLAN_A), planTopic(PLAN_B)]));
  });
});
