import { afterEach, describe, expect, it } from "vitest";
import { type Bus, LocalBus, RedisBus } from "./bus";
import { eventually } from "./testing/collab";

/** The machine's Redis (CI has one at 127.0.0.1:6379), with a prefix of this test's own. */
const REDIS = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";
const prefix = `xz-bus-test-${process.pid}-${Date.now()}:`;
const opened: Bus[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((bus) => bus.close()));
});

function redisBus(channelPrefix = prefix) {
  const bus = new RedisBus(REDIS, channelPrefix);
  opened.push(bus);
  return bus;
}

describe("the bus between instances", () => {
  it("without Redis delivers to this process only, once", () => {
    const bus = new LocalBus();
    opened.push(bus);
    const received: string[] = [];
    bus.subscribe("events", (payload, from) => received.push(`${payload.toString()}@${from === bus.instanceId}`));
    bus.publish("events", Buffer.from("大纲已更新"));
    expect(received).toEqual(["大纲已更新@true"]);
    expect(bus.distributed).toBe(false);
  });

  it("with Redis delivers an event published on one instance to the others, and to its own subscribers once (no echo)", async () => {
    const a = redisBus();
    const b = redisBus();
    const c = redisBus();
    await eventually(() => [a, b, c].forEach((bus) => expect(bus.connected()).toBe(true)), 5000);
    const onA: string[] = [];
    const onB: { text: string; from: string }[] = [];
    const onC: string[] = [];
    a.subscribe("events", (payload) => onA.push(payload.toString()));
    b.subscribe("events", (payload, from) => onB.push({ text: payload.toString(), from }));
    const stopC = c.subscribe("events", (payload) => onC.push(payload.toString()));
    // Subscriptions reach Redis asynchronously: publish until B hears, then count exactly.
    await eventually(() => {
      a.publish("events", Buffer.from("ping"));
      expect(onB.length).toBeGreaterThan(0);
    }, 5000);
    // Let the pings still in flight arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 300));
    onA.length = 0;
    onB.length = 0;
    onC.length = 0;
    stopC();
    a.publish("events", Buffer.from(JSON.stringify({ name: "plan:1", event: { type: "outline" } })));
    await eventually(() => expect(onB).toEqual([{ text: JSON.stringify({ name: "plan:1", event: { type: "outline" } }), from: a.instanceId }]), 5000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(onA).toEqual([JSON.stringify({ name: "plan:1", event: { type: "outline" } })]);
    expect(onC).toEqual([]);
    expect(a.stats().published).toBeGreaterThan(0);
    expect(b.stats().received).toBeGreaterThan(0);
  });

  it("keeps deployments with different prefixes apart", async () => {
    const ours = redisBus();
    const theirs = redisBus(`${prefix}other:`);
    const theirOther = redisBus(`${prefix}other:`);
    await eventually(() => [ours, theirs, theirOther].forEach((bus) => expect(bus.connected()).toBe(true)), 5000);
    const heard: string[] = [];
    theirs.subscribe("events", (payload) => heard.push(payload.toString()));
    // Their subscription works: they hear their own deployment.
    await eventually(() => {
      theirOther.publish("events", Buffer.from("theirs"));
      expect(heard).toContain("theirs");
    }, 5000);
    for (let index = 0; index < 5; index++) {
      ours.publish("events", Buffer.from("not for them"));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(heard.filter((text) => text !== "theirs")).toEqual([]);
  });
});
