import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { Redis } from "ioredis";

/**
 * Messages between app instances. Without Redis it is an in-process emitter: a single instance
 * works exactly as before. With `REDIS_URL`, every message published on one instance reaches the
 * subscribers of every instance through Redis pub/sub (the publisher's own subscribers are called at
 * once, locally, and its echo from Redis is ignored). Redis pub/sub can drop messages and can be
 * down: publishing never throws, the bus says whether it is connected, and `onReconnect` lets
 * owners of state (the collaboration rooms) reconcile after an outage.
 */
export interface Bus {
  /** This instance's id (the origin stamped on everything it publishes). */
  readonly instanceId: string;
  /** Whether messages currently reach other instances (always true without Redis: there are none). */
  connected(): boolean;
  /** Whether Redis is configured at all. */
  readonly distributed: boolean;
  publish(channel: string, payload: Buffer): void;
  /** Subscribes; returns the unsubscribe function. Handlers get (payload, fromInstanceId). */
  subscribe(channel: string, handler: (payload: Buffer, from: string) => void): () => void;
  /** Called whenever the connection to Redis comes back after being lost. */
  onReconnect(handler: () => void): () => void;
  /** Messages published and received through Redis (for health and the benchmark). */
  stats(): { published: number; received: number };
  close(): Promise<void>;
}

const ORIGIN_BYTES = 8;

/** A bus that stays inside this process. */
export class LocalBus implements Bus {
  readonly instanceId = randomBytes(ORIGIN_BYTES).toString("hex");
  readonly distributed = false;
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  connected() {
    return true;
  }

  publish(channel: string, payload: Buffer) {
    this.emitter.emit(channel, payload, this.instanceId);
  }

  subscribe(channel: string, handler: (payload: Buffer, from: string) => void) {
    this.emitter.on(channel, handler);
    return () => void this.emitter.off(channel, handler);
  }

  onReconnect() {
    return () => undefined;
  }

  stats() {
    return { published: 0, received: 0 };
  }

  async close() {
    this.emitter.removeAllListeners();
  }
}

/**
 * Redis pub/sub with binary payloads: [origin instance id (8 bytes)][payload]. One connection
 * publishes, one subscribes (a subscribed Redis connection can do nothing else). Channels are
 * prefixed (`REDIS_PREFIX`, default "xz:") so several deployments can share one Redis.
 */
export class RedisBus implements Bus {
  readonly instanceId = randomBytes(ORIGIN_BYTES).toString("hex");
  readonly distributed = true;
  private readonly origin = Buffer.from(this.instanceId, "hex");
  private readonly local = new EventEmitter().setMaxListeners(0);
  private readonly counts = new Map<string, number>();
  private readonly reconnectHandlers = new Set<() => void>();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private wasReady = false;
  /** A connection closed since both were last ready: reconcile once both are back. */
  private lost = false;
  /** The subscriber is ready and subscribed to every channel again. */
  private subscribed = false;
  private published = 0;
  private received = 0;

  constructor(
    url: string,
    private readonly prefix = "xz:",
  ) {
    const options = {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      // Reconnect quickly: a lost message heals at the next reconcile after the connection is back.
      retryStrategy: (times: number) => Math.min(times * 100, 1000),
    };
    // Publishes of one event-loop turn (several sections, awareness, commits) go out in one write.
    this.publisher = new Redis(url, { ...options, enableAutoPipelining: true });
    // Re-subscribing is ours (below), so that we know when it is done.
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true, autoResubscribe: false });
    let warned = false;
    for (const client of [this.publisher, this.subscriber]) {
      client.on("error", (error: Error) => {
        if (!warned) console.warn(`[redis] ${error.message}; serving local clients, retrying in the background`);
        warned = true;
      });
      client.on("close", () => {
        if (client === this.subscriber) this.subscribed = false;
        if (this.wasReady) this.lost = true;
      });
    }
    this.publisher.on("ready", () => this.backAfterOutage());
    this.subscriber.on("ready", () => {
      warned = false;
      const channels = this.wasReady ? [...this.counts.keys()].map((channel) => this.prefix + channel) : [];
      this.wasReady = true;
      void (channels.length ? this.subscriber.subscribe(...channels) : Promise.resolve())
        .catch(() => undefined)
        .then(() => {
          this.subscribed = this.subscriber.status === "ready";
          this.backAfterOutage();
        });
    });
    this.subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => {
      if (message.length < ORIGIN_BYTES) return;
      const from = message.subarray(0, ORIGIN_BYTES);
      if (from.equals(this.origin)) return;
      this.received += 1;
      this.local.emit(channel.toString().slice(this.prefix.length), message.subarray(ORIGIN_BYTES), from.toString("hex"));
    });
  }

  /**
   * After an outage, owners of state reconcile — once both connections are back and every channel
   * is subscribed again, so that what they publish goes out and the answers reach them (the two
   * connections come back independently; reconciling at the first one's return lost the messages
   * and left the documents apart until the next periodic reconcile).
   */
  private backAfterOutage() {
    if (!this.lost || !this.subscribed || this.publisher.status !== "ready") return;
    this.lost = false;
    for (const handler of this.reconnectHandlers) handler();
  }

  connected() {
    return this.publisher.status === "ready" && this.subscriber.status === "ready";
  }

  publish(channel: string, payload: Buffer) {
    this.local.emit(channel, payload, this.instanceId);
    if (this.publisher.status !== "ready") return;
    this.published += 1;
    this.publisher.publish(this.prefix + channel, Buffer.concat([this.origin, payload])).catch(() => undefined);
  }

  subscribe(channel: string, handler: (payload: Buffer, from: string) => void) {
    this.local.on(channel, handler);
    const count = (this.counts.get(channel) ?? 0) + 1;
    this.counts.set(channel, count);
    if (count === 1) this.subscriber.subscribe(this.prefix + channel).catch(() => undefined);
    return () => {
      this.local.off(channel, handler);
      const left = (this.counts.get(channel) ?? 1) - 1;
      if (left > 0) this.counts.set(channel, left);
      else {
        this.counts.delete(channel);
        this.subscriber.unsubscribe(this.prefix + channel).catch(() => undefined);
      }
    };
  }

  onReconnect(handler: () => void) {
    this.reconnectHandlers.add(handler);
    return () => void this.reconnectHandlers.delete(handler);
  }

  stats() {
    return { published: this.published, received: this.received };
  }

  async close() {
    this.local.removeAllListeners();
    this.reconnectHandlers.clear();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}

export function createBus(redisUrl: string | undefined, prefix?: string): Bus {
  return redisUrl ? new RedisBus(redisUrl, prefix) : new LocalBus();
}

type GlobalWithBus = typeof globalThis & { __xzBus?: Bus };

/** The process's bus (set at start; an in-process one until then, e.g. in tests of the routers alone). */
export function getBus(): Bus {
  const global = globalThis as GlobalWithBus;
  global.__xzBus ??= new LocalBus();
  return global.__xzBus;
}

export function setBus(bus: Bus | undefined): void {
  (globalThis as GlobalWithBus).__xzBus = bus;
}
