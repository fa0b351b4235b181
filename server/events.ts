import { EventEmitter, on } from "node:events";

/**
 * Domain events pushed to open browsers (outline changes now; registry changes and notifications
 * later). In-process for one instance; the scale-out work carries the same events over Redis.
 */
export type PlanEvent =
  | { type: "outline"; planId: string }
  | { type: "section"; planId: string; sectionId: string }
  /** A section's comment threads changed. */
  | { type: "comments"; planId: string; sectionId: string };

/** A project or indicator changed: chips and registry pages refresh it. */
export type RegistryEvent = { type: "project" | "indicator"; id: string };

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

export function publishPlanEvent(event: PlanEvent): void {
  emitter.emit(`plan:${event.planId}`, event);
}

/** Events of one plan, until `signal` aborts. */
export async function* planEvents(planId: string, signal?: AbortSignal): AsyncGenerator<PlanEvent> {
  try {
    for await (const [event] of on(emitter, `plan:${planId}`, { signal })) yield event as PlanEvent;
  } catch (error) {
    if ((error as Error).name !== "AbortError") throw error;
  }
}

export function publishRegistryEvent(event: RegistryEvent): void {
  emitter.emit("registry", event);
}

/** Changes of projects and indicators, until `signal` aborts. */
export async function* registryEvents(signal?: AbortSignal): AsyncGenerator<RegistryEvent> {
  try {
    for await (const [event] of on(emitter, "registry", { signal })) yield event as RegistryEvent;
  } catch (error) {
    if ((error as Error).name !== "AbortError") throw error;
  }
}

/** Something for one user's bell (a new notification), or the review queue changed. */
export type UserEvent = { type: "notification"; notificationId: string } | { type: "review" };

export function publishUserEvent(userId: string, event: UserEvent): void {
  emitter.emit(`user:${userId}`, event);
}

/** Events of one user, until `signal` aborts. */
export async function* userEvents(userId: string, signal?: AbortSignal): AsyncGenerator<UserEvent> {
  try {
    for await (const [event] of on(emitter, `user:${userId}`, { signal })) yield event as UserEvent;
  } catch (error) {
    if ((error as Error).name !== "AbortError") throw error;
  }
}

/** The review queue changed (a section submitted, approved, sent back or reopened). */
export function publishReviewEvent(): void {
  emitter.emit("review", { type: "review" });
}

export async function* reviewEvents(signal?: AbortSignal): AsyncGenerator<UserEvent> {
  try {
    for await (const [event] of on(emitter, "review", { signal })) yield event as UserEvent;
  } catch (error) {
    if ((error as Error).name !== "AbortError") throw error;
  }
}
