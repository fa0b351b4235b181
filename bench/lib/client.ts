/**
 * Light benchmark clients: one WebSocket (bench/lib/socket.ts) per client speaking the y-websocket
 * protocol (ours and the y-websocket reference server) or Hocuspocus' framing of it (every message
 * prefixed with the document name, an Auth/Token message first), each with its own Y.Doc.
 *
 * To keep the load generator lighter than the servers it drives, clients do not apply the updates
 * they receive (only the cold-sync clients apply the synced state): they read each update's
 * (clientId, clock) ranges with Y.parseUpdateMeta and look up when each covered edit was sent.
 * Every writer types into its own paragraph, so its edits never depend on anyone else's; after the
 * first edit (made with Yjs), each edit's update is encoded directly: byte for byte what Yjs emits
 * for typing at the end of one's own text (an Item with ContentString whose left origin is the
 * writer's previous character), at a fraction of a Yjs transaction's cost.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { LightSocket } from "./socket";
import * as Y from "yjs";
import { Histogram } from "./stats";

export type Protocol = "yws" | "hocuspocus";

/** How to reach one server: the socket URL of a section and the upgrade headers of a client. */
export type Endpoint = {
  protocol: Protocol;
  url: (section: string) => string;
  headers: (clientIndex: number) => Record<string, string>;
  /** Whether the server sends MESSAGE_SAVED (ours). */
  committedAcks: boolean;
};

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_AUTH = 2;
const HOCUS_SYNC_REPLY = 4;
const MESSAGE_SAVED = 100;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/** The edits one writer sent: start clock and send time, and how many receivers have seen each. */
class WriterLog {
  clocks: number[] = [];
  times: number[] = [];
  measured: boolean[] = [];
  delivered: number[] = [];
  expected: number[] = [];
  ackIndex = 0;
}

/**
 * Shared by all clients of a run: which edit was sent when, the latency histograms, and the count of
 * update deliveries (an edit arriving at a client other than its writer).
 */
export class Tracker {
  readonly writers = new Map<number, WriterLog>();
  latency = new Histogram();
  ackLatency = new Histogram();
  /** Edits sent while `measuring`. */
  measuredEdits = 0;
  measuredExpected = 0;
  measuredDelivered = 0;
  measuredAcked = 0;
  /** Deliveries (of any edit) while `counting`: the denominator of CPU per delivered update. */
  countedDeliveries = 0;
  countedEdits = 0;
  measuring = false;
  counting = false;
  undelivered = 0;
  unacked = 0;
  private readonly metaCache = new Map<string, number[]>();
  /** With several server instances: each client's instance, and latency split by same/other instance. */
  readonly instanceOf = new Map<number, number>();
  sameInstanceLatency = new Histogram();
  crossInstanceLatency = new Histogram();

  reset() {
    this.sameInstanceLatency = new Histogram();
    this.crossInstanceLatency = new Histogram();
    this.latency = new Histogram();
    this.ackLatency = new Histogram();
    this.measuredEdits = this.measuredExpected = this.measuredDelivered = this.measuredAcked = 0;
    this.countedDeliveries = this.countedEdits = 0;
    this.undelivered = this.unacked = 0;
  }

  sent(clientId: number, clock: number, time: number, expected: number) {
    let log = this.writers.get(clientId);
    if (!log) this.writers.set(clientId, (log = new WriterLog()));
    log.clocks.push(clock);
    log.times.push(time);
    log.measured.push(this.measuring);
    log.delivered.push(0);
    log.expected.push(expected);
    if (this.measuring) {
      this.measuredEdits += 1;
      this.measuredExpected += expected;
    }
    if (this.counting) this.countedEdits += 1;
  }

  /** [client, from, to, client, from, to, …] of an update (cached: every receiver gets the same bytes). */
  private ranges(update: Uint8Array): number[] {
    let key: string | null = null;
    if (update.length < 2048) {
      key = Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString("latin1");
      const cached = this.metaCache.get(key);
      if (cached) return cached;
    }
    const meta = Y.parseUpdateMeta(update);
    const ranges: number[] = [];
    for (const [client, from] of meta.from) ranges.push(client, from, meta.to.get(client) ?? from);
    if (key !== null) {
      if (this.metaCache.size > 20_000) this.metaCache.clear();
      this.metaCache.set(key, ranges);
    }
    return ranges;
  }

  /** An update arrived at `receiver`: every edit it covers (of another writer) is delivered now. */
  received(update: Uint8Array, receiver: number, now: number) {
    const ranges = this.ranges(update);
    for (let index = 0; index < ranges.length; index += 3) {
      const client = ranges[index]!;
      if (client === receiver) continue;
      const log = this.writers.get(client);
      if (!log) continue;
      const from = ranges[index + 1]!;
      const to = ranges[index + 2]!;
      let edit = lowerBound(log.clocks, from);
      for (; edit < log.clocks.length && log.clocks[edit]! < to; edit++) {
        log.delivered[edit]! += 1;
        if (this.counting) this.countedDeliveries += 1;
        if (log.measured[edit]) {
          this.measuredDelivered += 1;
          this.latency.record(now - log.times[edit]!);
          if (this.instanceOf.size) {
            const same = this.instanceOf.get(client) === this.instanceOf.get(receiver);
            (same ? this.sameInstanceLatency : this.crossInstanceLatency).record(now - log.times[edit]!);
          }
        }
      }
    }
  }

  /** The server says everything of `client` below `committedClock` is in the database. */
  committed(client: number, committedClock: number, now: number) {
    const log = this.writers.get(client);
    if (!log) return;
    while (log.ackIndex < log.clocks.length && log.clocks[log.ackIndex]! < committedClock) {
      if (log.measured[log.ackIndex]) {
        this.measuredAcked += 1;
        this.ackLatency.record(now - log.times[log.ackIndex]!);
      }
      log.ackIndex += 1;
    }
  }

  pendingDeliveries(): number {
    return this.measuredExpected - this.measuredDelivered;
  }

  pendingAcks(): number {
    return this.measuredEdits - this.measuredAcked;
  }

  /** At the end: deliveries and acks still missing are recorded as "at least this late". */
  censor(now: number, acks: boolean) {
    for (const log of this.writers.values()) {
      for (let edit = 0; edit < log.clocks.length; edit++) {
        if (!log.measured[edit]) continue;
        const missing = log.expected[edit]! - log.delivered[edit]!;
        if (missing > 0) {
          this.undelivered += missing;
          this.latency.record(now - log.times[edit]!, missing);
        }
        if (acks && edit >= log.ackIndex) {
          this.unacked += 1;
          this.ackLatency.record(now - log.times[edit]!);
        }
      }
    }
  }
}

function lowerBound(values: number[], target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

export type ClientOptions = {
  endpoint: Endpoint;
  section: string;
  /** Index of this client (picks its user/cookie and its Yjs client id). */
  index: number;
  clientId: number;
  tracker: Tracker;
  /** A state this client already holds (the section's initial content, uploaded to servers that have none). */
  seed?: Uint8Array;
  /** Apply the server's SyncStep2 to the local document (cold-sync clients). */
  applySync?: boolean;
  /** Follow other clients' awareness states (the join scenario). */
  trackAwareness?: boolean;
  onAwarenessComplete?: (client: BenchClient) => void;
  expectedPeers?: number;
};

export class BenchClient {
  readonly doc = new Y.Doc();
  ws: LightSocket | null = null;
  /** performance.now() times of the connection's milestones. */
  startedAt = 0;
  openedAt = 0;
  stateAt = 0;
  appliedAt = 0;
  stateBytes = 0;
  awarenessCompleteAt = 0;
  closed = false;
  closeCode = 0;
  private awarenessClock = 0;
  /** The writer's next clock once it types without Yjs. */
  private clock = -1;
  private seq = 0;
  private readonly peers: Set<number> | null;
  private readonly prefix: Uint8Array | null;
  private syncedResolve: (() => void) | null = null;

  constructor(readonly options: ClientOptions) {
    this.doc.clientID = options.clientId;
    if (options.seed) Y.applyUpdate(this.doc, options.seed);
    this.peers = options.trackAwareness ? new Set() : null;
    if (options.endpoint.protocol === "hocuspocus") {
      const encoder = encoding.createEncoder();
      encoding.writeVarString(encoder, options.section);
      this.prefix = encoding.toUint8Array(encoder);
    } else {
      this.prefix = null;
    }
    this.doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === this) this.send(this.message(MESSAGE_SYNC, (encoder) => {
        encoding.writeVarUint(encoder, SYNC_UPDATE);
        encoding.writeVarUint8Array(encoder, update);
      }));
    });
  }

  get clientId(): number {
    return this.doc.clientID;
  }

  private message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
    const encoder = encoding.createEncoder();
    if (this.prefix) encoding.writeUint8Array(encoder, this.prefix);
    encoding.writeVarUint(encoder, type);
    write(encoder);
    return encoding.toUint8Array(encoder);
  }

  private send(message: Uint8Array) {
    if (this.ws && this.ws.readyState === LightSocket.OPEN) this.ws.send(message);
  }

  /** Opens the socket; resolves once the server's state (SyncStep2) has arrived. */
  connect(timeoutMs = 60_000): Promise<void> {
    const { endpoint, section, index } = this.options;
    this.startedAt = performance.now();
    const ws = new LightSocket(endpoint.url(section), endpoint.headers(index));
    this.ws = ws;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("sync timed out")), timeoutMs);
      this.syncedResolve = () => {
        clearTimeout(timer);
        resolve();
      };
      ws.on("open", () => {
        this.openedAt = performance.now();
        if (endpoint.protocol === "hocuspocus") {
          // Auth first (no onAuthenticate hook: any token passes); the server queues the rest until then.
          this.send(this.message(MESSAGE_AUTH, (encoder) => {
            encoding.writeVarUint(encoder, 0);
            encoding.writeVarString(encoder, "");
          }));
        }
        this.send(this.message(MESSAGE_SYNC, (encoder) => {
          encoding.writeVarUint(encoder, SYNC_STEP1);
          encoding.writeVarUint8Array(encoder, Y.encodeStateVector(this.doc));
        }));
        this.sendAwareness();
      });
      ws.on("message", (data: Buffer) => this.handle(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
      ws.on("error", (error: Error) => {
        clearTimeout(timer);
        reject(error);
      });
      ws.on("close", (code: number) => {
        this.closed = true;
        this.closeCode = code;
        clearTimeout(timer);
        reject(new Error(`closed with ${code}`));
      });
    });
  }

  /** Sends (or renews, as y-protocols' Awareness does every 15 s) this client's presence. */
  sendAwareness() {
    this.awarenessClock += 1;
    const state = JSON.stringify({ user: { name: `bench-${this.options.index}`, color: "#0369a1" }, cursor: null });
    this.send(this.message(MESSAGE_AWARENESS, (encoder) => {
      const update = encoding.createEncoder();
      encoding.writeVarUint(update, 1);
      encoding.writeVarUint(update, this.clientId);
      encoding.writeVarUint(update, this.awarenessClock);
      encoding.writeVarString(update, state);
      encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
    }));
  }

  /** Types a few characters at the end of this client's own paragraph (creating it on the first edit). */
  edit(expectedReceivers: number) {
    const text = `w${this.options.index}#${this.seq++} `;
    const time = performance.now();
    if (this.clock < 0) {
      const clock = Y.getState(this.doc.store, this.clientId);
      this.options.tracker.sent(this.clientId, clock, time, expectedReceivers);
      this.doc.transact(() => {
        const paragraph = new Y.XmlElement("paragraph");
        const paragraphText = new Y.XmlText();
        paragraph.insert(0, [paragraphText]);
        paragraphText.insert(0, text);
        this.doc.getXmlFragment("default").insert(0, [paragraph]);
      }, this);
      this.clock = Y.getState(this.doc.store, this.clientId);
      return;
    }
    const clock = this.clock;
    this.options.tracker.sent(this.clientId, clock, time, expectedReceivers);
    this.clock += text.length;
    this.send(this.message(MESSAGE_SYNC, (encoder) => {
      encoding.writeVarUint(encoder, SYNC_UPDATE);
      const update = encoding.createEncoder();
      encoding.writeVarUint(update, 1); // one client
      encoding.writeVarUint(update, 1); // one struct
      encoding.writeVarUint(update, this.clientId);
      encoding.writeVarUint(update, clock);
      encoding.writeUint8(update, 0x84); // Item with a left origin, ContentString
      encoding.writeVarUint(update, this.clientId);
      encoding.writeVarUint(update, clock - 1);
      encoding.writeVarString(update, text);
      encoding.writeVarUint(update, 0); // empty delete set
      encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
    }));
  }

  private handle(data: Uint8Array) {
    const now = performance.now();
    try {
      const decoder = decoding.createDecoder(data);
      if (this.prefix) decoding.readVarString(decoder);
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_SYNC || (this.prefix && type === HOCUS_SYNC_REPLY)) return this.handleSync(decoder, now);
      if (type === MESSAGE_AWARENESS) {
        if (this.peers) this.handleAwareness(decoding.readVarUint8Array(decoder), now);
        return;
      }
      if (type === MESSAGE_SAVED && this.options.endpoint.committedAcks) {
        const vector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
        const committed = vector.get(this.clientId);
        if (committed !== undefined) this.options.tracker.committed(this.clientId, committed, now);
      }
      // Auth (Hocuspocus "authenticated"), SyncStatus acks, access mode: nothing to do.
    } catch (error) {
      console.error(`[bench client ${this.options.index}] bad message:`, (error as Error).message);
    }
  }

  private handleSync(decoder: decoding.Decoder, now: number) {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === SYNC_STEP1) {
      const vector = decoding.readVarUint8Array(decoder);
      const missing = Y.encodeStateAsUpdate(this.doc, vector);
      this.send(this.message(MESSAGE_SYNC, (encoder) => {
        encoding.writeVarUint(encoder, SYNC_STEP2);
        encoding.writeVarUint8Array(encoder, missing);
      }));
      return;
    }
    const update = decoding.readVarUint8Array(decoder);
    if (syncType === SYNC_STEP2) {
      if (!this.stateAt) {
        this.stateAt = now;
        this.stateBytes = update.length;
        if (this.options.applySync) {
          Y.applyUpdate(this.doc, update);
          this.appliedAt = performance.now();
        }
        this.syncedResolve?.();
      }
      return;
    }
    if (syncType === SYNC_UPDATE) this.options.tracker.received(update, this.clientId, now);
  }

  private handleAwareness(update: Uint8Array, now: number) {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let entry = 0; entry < count; entry++) {
      const clientId = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      const length = decoding.readVarUint(decoder);
      // "null" (4 bytes) is a removed state; anything else is a presence.
      const isNull = length === 4 && update[decoder.pos] === 0x6e;
      decoder.pos += length;
      if (clientId === this.clientId) continue;
      if (isNull) this.peers!.delete(clientId);
      else this.peers!.add(clientId);
    }
    if (!this.awarenessCompleteAt && this.peers!.size >= (this.options.expectedPeers ?? Infinity)) {
      this.awarenessCompleteAt = now;
      this.options.onAwarenessComplete?.(this);
    }
  }

  close() {
    this.closed = true;
    this.ws?.terminate();
    this.doc.destroy();
  }
}
