import type { LiveEvent, PlanEvent, RegistryEvent, ReviewEvent, UserEvent } from "@/server/events";
import type { LiveTopicsInput } from "@/server/routers/live";

/**
 * One page's live events. Browsers allow six HTTP/1.1 connections per host, shared by all tabs,
 * and every server-sent-events stream holds one for as long as it is open: a stream per feature
 * (outline, chips, comments, bell, review queue) leaves two tabs with none for navigation. So the
 * page has one stream (`live.events`) for every topic its mounted features listen to, and this hub
 * hands the events out.
 */

/** A topic of the page's stream: one plan's changes, the registry, my bell, the review queue. */
export type LiveTopic = `plan:${string}` | "registry" | "notifications" | "review";

export type LiveEventOf<T extends LiveTopic> = T extends `plan:${string}`
  ? PlanEvent
  : T extends "registry"
    ? RegistryEvent
    : T extends "notifications"
      ? UserEvent
      : ReviewEvent;

export type LiveHandlers<T extends LiveTopic> = {
  /**
   * The stream (re)connected with this topic, or this listener joined a stream already running:
   * the server does not replay events, so whatever was loaded before may have missed some.
   */
  onStarted?: () => void;
  onEvent?: (event: LiveEventOf<T>) => void;
};

export const planTopic = (planId: string) => `plan:${planId}` as const;

function topicOf(event: LiveEvent): LiveTopic {
  return event.topic === "plan" ? planTopic(event.data.planId) : event.topic;
}

/** The stream's input for a set of topics (null: nothing to listen to). Sorted: equal sets, equal input. */
export function inputOf(topics: Iterable<LiveTopic>): LiveTopicsInput | null {
  const input: LiveTopicsInput = {};
  const plans: string[] = [];
  for (const topic of topics) {
    if (topic.startsWith("plan:")) plans.push(topic.slice("plan:".length));
    else input[topic as "registry" | "notifications" | "review"] = true;
  }
  if (plans.length > 0) input.plans = plans.sort();
  return Object.keys(input).length > 0 ? input : null;
}

type Registration = { topic: LiveTopic; handlers: LiveHandlers<LiveTopic> };

/** Listeners joining or leaving within this long are taken in one change of the stream. */
export const LIVE_BATCH_MS = 20;

export class LiveHub {
  private readonly registrations = new Set<Registration>();
  /** The topics of the stream asked for last. */
  private subscribed = new Set<LiveTopic>();
  private started = false;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  /** `onTopicsChange` opens the stream anew with the input given (closing the previous one). */
  constructor(private readonly onTopicsChange: (input: LiveTopicsInput | null) => void) {}

  /** Listens to `topic` until the returned function is called. */
  listen<T extends LiveTopic>(topic: T, handlers: LiveHandlers<T>): () => void {
    const registration: Registration = { topic, handlers: handlers as LiveHandlers<LiveTopic> };
    this.registrations.add(registration);
    if (!this.subscribed.has(topic)) this.scheduleFlush();
    else if (this.started) {
      // The stream already runs with this topic: this listener starts now, as if it had connected.
      queueMicrotask(() => {
        if (this.registrations.has(registration)) registration.handlers.onStarted?.();
      });
    }
    return () => {
      // A topic nobody listens to any more stays in the stream until the next new topic: leaving a
      // page does not reconnect (its events are dropped here), and coming back needs no reconnect.
      this.registrations.delete(registration);
    };
  }

  /** The stream (re)connected. */
  handleStarted(): void {
    this.started = true;
    for (const registration of [...this.registrations]) {
      if (this.subscribed.has(registration.topic)) registration.handlers.onStarted?.();
    }
  }

  /** The stream lost its connection and is reconnecting (handleStarted follows). */
  handleConnecting(): void {
    this.started = false;
  }

  handleEvent(event: LiveEvent): void {
    const topic = topicOf(event);
    for (const registration of [...this.registrations]) {
      if (registration.topic === topic && this.registrations.has(registration)) registration.handlers.onEvent?.(event.data as never);
    }
  }

  /** The topics listened to now (for tests and debugging). */
  topics(): LiveTopic[] {
    return [...new Set([...this.registrations].map((registration) => registration.topic))];
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), LIVE_BATCH_MS);
  }

  private flush(): void {
    this.flushTimer = null;
    const wanted = new Set(this.topics());
    if ([...wanted].every((topic) => this.subscribed.has(topic))) return;
    this.subscribed = wanted;
    this.started = false;
    this.onTopicsChange(inputOf(wanted));
  }
}
