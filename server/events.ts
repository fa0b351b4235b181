import { EventEmitter, on } from "node:events";
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

/** Something for one user's bell (a new notification), or the review queue changed. */
export type UserEvent = { type: "notification"; notificationId: string } | { type: "review" };

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

async function* listen<T>(name: string, signal?: AbortSignal): AsyncGenerator<T> {
  ensureWired();
  try {
    for await (const [event] of on(local, name, { signal })) yield event as T;
  } catch (error) {
    if ((error as Error).name !== "AbortError") throw error;
  }
}

export function publishPlanEvent(event: PlanEvent): void {
  publish(`plan:${event.planId}`, event);
}

/** Events of one plan, until `signal` aborts. */
export function planEvents(planId: string, signal?: AbortSignal): AsyncGenerator<PlanEvent> {
  return listen<PlanEvent>(`plan:${planId}`, signal);
}

export function publishRegistryEvent(event: RegistryEvent): void {
  publish("registry", event);
}

/** Changes of projects and indicators, until `signal` aborts. */
export function registryEvents(signal?: AbortSignal): AsyncGenerator<RegistryEvent> {
  return listen<RegistryEvent>("registry", signal);
}

export function publishUserEvent(userId: string, event: UserEvent): void {
  publish(`user:${userId}`, event);
}

/** Events of one user, until `signal` aborts. */
export function userEvents(userId: string, signal?: AbortSignal): AsyncGenerator<UserEvent> {
  return listen<UserEvent>(`user:${userId}`, signal);
}

/** The review queue changed (a section submitted, approved, sent back or reopened). */
export function publishReviewEvent(): void {
  publish("review", { type: "review" });
}

export function reviewEvents(signal?: AbortSignal): AsyncGenerator<UserEvent> {
  return listen<UserEvent>("review", signal);
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
