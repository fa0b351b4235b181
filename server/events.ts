import { EventEmitter, on } from "node:events";

/**
 * Domain events pushed to open browsers (outline changes now; registry changes and notifications
 * later). In-process for one instance; the scale-out work carries the same events over Redis.
 */
export type PlanEvent =
  | { type: "outline"; planId: string }
  | { type: "section"; planId: string; sectionId: string };

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
