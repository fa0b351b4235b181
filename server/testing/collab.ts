import http from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { Db } from "@/db/client";
import { plans, sectionDocuments, sections } from "@/db/schema";
import { MESSAGE_ACCESS, MESSAGE_SAVED } from "@/lib/collab/protocol";
import * as decoding from "lib0/decoding";
import { CollabServer, type CollabOptions } from "@/server/collab";
import { encodeSectionDocument } from "@/server/services/section-documents";

export const COLLAB_TEST_SECRET = "collab-test-secret-collab-test-secret-0123456789";

/** The text of a section document's body, as XML. */
export const textOf = (doc: Y.Doc) => doc.getXmlFragment("default").toString();

/** Appends a paragraph with this text to a section document's body. */
export function typeInto(doc: Y.Doc, text: string) {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment("default").push([paragraph]);
}

/** A real HTTP server with only the collaboration upgrade on it. */
export async function startCollabServer(db: Db, overrides: Partial<CollabOptions> = {}) {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const collab = new CollabServer({
    db,
    secret: COLLAB_TEST_SECRET,
    secureCookies: false,
    appOrigin: origin,
    permissionCheckMs: 200,
    ...overrides,
  });
  server.on("upgrade", (req, socket, head) => void collab.handleUpgrade(req, socket, head));
  return {
    collab,
    origin,
    wsBase: `ws://127.0.0.1:${port}/collab`,
    close: async () => {
      await collab.shutdown();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function sessionCookie(user: { id: string; sessionVersion: number }) {
  return `next-auth.session-token=${await encode({ token: { uid: user.id, sv: user.sessionVersion }, secret: COLLAB_TEST_SECRET })}`;
}

/** A plan with one section owned by `ownerDepartmentId`, its body seeded with one paragraph. */
export async function makeSection(db: Db, ownerDepartmentId: string, text = "初始内容") {
  const [plan] = await db.insert(plans).values({ title: "测试规划", periodStart: 2020, periodEnd: 2025 }).returning();
  const [section] = await db.insert(sections).values({ planId: plan!.id, position: 0, title: "测试章节", ownerDepartmentId }).returning();
  await db.insert(sectionDocuments).values({
    sectionId: section!.id,
    state: encodeSectionDocument({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] }),
  });
  return section!;
}

/** A WebSocket class that sends the session cookie and an Origin header, as a browser would. */
export function socketClass(cookie: string | null, origin: string) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { ...(cookie ? { cookie } : {}), origin } });
    }
  };
}

export type TestClient = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Latest access mode the server announced. */
  access: () => { canEdit: boolean; reason: string } | null;
  /** The committed state vector the server last announced. */
  committed: () => Uint8Array | null;
  /** How many MESSAGE_SAVED the server has sent this client. */
  savedCount: () => number;
  closeEvents: { code: number; reason: string }[];
  destroy: () => void;
};

/**
 * A stock y-websocket client (Node) connected to a section, with our two extra messages read.
 * Pass `doc` to choose its client id (seeded tests).
 */
export function connectClient(wsBase: string, sectionId: string, cookie: string | null, origin: string, doc = new Y.Doc()): TestClient {
  const provider = new WebsocketProvider(wsBase, sectionId, doc, {
    WebSocketPolyfill: socketClass(cookie, origin) as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  let access: { canEdit: boolean; reason: string } | null = null;
  let committed: Uint8Array | null = null;
  let savedCount = 0;
  provider.messageHandlers[MESSAGE_ACCESS] = (_encoder, decoder) => {
    access = { canEdit: decoding.readVarUint(decoder) === 1, reason: decoding.readVarString(decoder) };
  };
  provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
    committed = decoding.readVarUint8Array(decoder);
    savedCount += 1;
  };
  const closeEvents: { code: number; reason: string }[] = [];
  provider.on("connection-close", (event) => {
    if (event) closeEvents.push({ code: event.code, reason: event.reason });
  });
  return {
    doc,
    provider,
    access: () => access,
    committed: () => committed,
    savedCount: () => savedCount,
    closeEvents,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** The HTTP status an upgrade attempt gets (101 when it is accepted). */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    let bytes = 0;
    socket.on("unexpected-response", (_req, res) => {
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.resume();
    });
    socket.on("open", () => {
      socket.close();
      resolve({ status: 101, bytes });
    });
    socket.on("error", () => undefined);
  });
}

/** Polls until `check` passes or the time runs out (then fails with the last error). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000, intervalMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
