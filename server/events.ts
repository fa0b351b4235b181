import { EventEmitter } from "node:events";
import { type Bus, getBus } from "./bus";

/**
 * Domain events pushed to open browsers (tRPC subscriptions) and to the collaboration servers of
 * every instance: published on the bus (Redis when configured, so every instance's subscribers get
 * them), delivered here to local listeners by name.
 */
export type PlanEvent =
  | { type: "outline"; planId: string }
  | { type: "section"; planId: string; sectionId: string }
  /** A section's comment threads changed. */
  | { type: "comments"; planId: string; sectionId: string };

/** A project or indicator changed: chips and registry pages refresh it. */
export type RegistryEvent = { type: "project" | "indicator"; id: string };

/** Something for one user's bell: a new notification. */
export type UserEvent = { type: "notification"; notificationId: string };

/** The review queue changed. */
export type ReviewEvent = { type: "review" };

/**
 * The topics of one page's live stream (see liveEvents), as the caller was allowed them: plans
 * (outline, section statuses, comments), the registry, one user's bell, the review queue.
 */
export type LiveTopics = { planIds: readonly string[]; registry: boolean; notificationsOf: string | null; review: boolean };

/** An event of a page's live stream, tagged with its topic. */
export type LiveEvent =
  | { topic: "plan"; data: PlanEvent }
  | { topic: "registry"; data: RegistryEvent }
  | { topic: "notifications"; data: UserEvent }
  | { topic: "review"; data: ReviewEvent };

const CHANNEL = "events";
const local = new EventEmitter();
local.setMaxListeners(0);
let wired: Bus | null = null;
let unsubscribe: (() => void) | null = null;

/** Listens on the current bus (once per bus: the app sets its bus at start). */
function ensureWired(): Bus {
  const bus = getBus();
  if (wired !== bus) {
    unsubscribe?.();
    wired = bus;
    unsubscribe = bus.subscribe(CHANNEL, (payload) => {
      try {
        const { name, event } = JSON.parse(payload.toString("utf8")) as { name: string; event: unknown };
        local.emit(name, event);
      } catch (error) {
        console.error("[events] unreadable event:", (error as Error).message);
      }
    });
  }
  return bus;
}

function publish(name: string, event: unknown): void {
  ensureWired().publish(CHANNEL, Buffer.from(JSON.stringify({ name, event }), "utf8"));
}

export function publishPlanEvent(event: PlanEvent): void {
  publish(`plan:${event.planId}`, event);
}

export function publishRegistryEvent(event: RegistryEvent): void {
  publish("registry", event);
}

export function publishUserEvent(userId: string, event: UserEvent): void {
  publish(`user:${userId}`, event);
}

/** The review queue changed (a section submitted, approved, sent back or reopened). */
export function publishReviewEvent(): void {
  publish("review", { type: "review" } satisfies ReviewEvent);
}

/**
 * Every event of `topics` as one stream, each tagged with its topic, until `signal` aborts: a page
 * holds one connection for all its live features (browsers allow only six per host, shared by
 * every tab). Listens from the call on (not from the first read); events wait in arrival order
 * while the consumer is busy.
 */
export function liveEvents(topics: LiveTopics, signal?: AbortSignal): AsyncGenerator<LiveEvent> {
  ensureWired();
  const names: [string, LiveEvent["topic"]][] = topics.planIds.map((planId) => [`plan:${planId}`, "plan"]);
  if (topics.registry) names.push(["registry", "registry"]);
  if (topics.notificationsOf) names.push([`user:${topics.notificationsOf}`, "notifications"]);
  if (topics.review) names.push(["review", "review"]);

  const queue: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  const listeners = names.map(([name, topic]) => {
    const listener = (data: unknown) => {
      queue.push({ topic, data } as LiveEvent);
      wake?.();
    };
    local.on(name, listener);
    return [name, listener] as const;
  });
  const stop = () => {
    for (const [name, listener] of listeners) local.off(name, listener);
    signal?.removeEventListener("abort", onAbort);
    wake?.();
  };
  const onAbort = () => stop();
  if (signal?.aborted) stop();
  else signal?.addEventListener("abort", onAbort);

  async function* stream(): AsyncGenerator<LiveEvent> {
    try {
      while (!signal?.aborted) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      stop();
    }
  }
  return stream();
}

/**
 * Someone's access may have changed (a user disabled, a password reset, a forced logout, a role,
 * department or section owner changed): every instance re-checks its open sockets now.
 */
export function publishAccessChange(): void {
  publish("access", {});
}

export function onAccessChange(handler: () => void): () => void {
  ensureWired();
  local.on("access", handler);
  return () => void local.off("access", handler);
}

/** Runs `handler` whenever the review queue changes (any instance): section statuses moved. */
export function onReviewChange(handler: () => void): () => void {
  ensureWired();
  local.on("review", handler);
  return () => void local.off("review", handler);
}
