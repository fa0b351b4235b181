import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { type WebSocket, WebSocketServer } from "ws";
import * as Y from "yjs";
import { type Db, isAnyUuidPlaceholder, perDatabase } from "@/db/client";
import { departments, sections, users } from "@/db/schema";
import {
  CLOSE_ACCESS_REMOVED,
  CLOSE_SECTION_DELETED,
  CLOSE_SERVER_RESTARTING,
  CLOSE_SESSION_ENDED,
  MAX_MESSAGE_BYTES,
} from "@/lib/collab/protocol";
import { accessFor, authenticateUpgrade } from "./authenticate";
import { type Access, CollabConnection, type ConnectionHost, DEFAULT_MESSAGE_RATE, type MessageRate } from "./connection";
import type { SessionUser } from "@/server/auth/session";
import type { Bus } from "@/server/bus";
import { onAccessChange } from "@/server/events";
import { deriveFromStoredDocument } from "./derived";
import { RoomFanoutLink } from "./fanout";
import { UpdateLogWriter } from "./writer";
import { type SectionDocumentHost, updateFromChange } from "./host";
import { loadSectionState } from "./persistence";
import { defaultRoomOptions, type RoomOptions, SectionRoom, updateStart } from "./room";

export type CollabOptions = {
  db: Db;
  secret: string;
  secureCookies: boolean;
  appOrigin: string;
  room?: Partial<RoomOptions>;
  /** How often open sockets' permissions are re-checked against the database. */
  permissionCheckMs?: number;
  /** How long an empty room stays loaded. */
  idleUnloadMs?: number;
  /** The bus to other instances (Redis); without one, or with an in-process one, rooms stay local. */
  bus?: Bus;
  /** How often loaded sections reconcile with other instances (only with a distributed bus). */
  reconcileMs?: number;
  /** How often loaded rooms are swept (stale presence, resting documents). */
  sweepMs?: number;
  /** Per-socket message rate limit (DEFAULT_MESSAGE_RATE). */
  messageRate?: MessageRate;
};

/** How long shutdown waits for clients to answer the close handshake before dropping them. */
const CLOSE_HANDSHAKE_GRACE_MS = 1000;

const statusText: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found" };

/** Shared by every upgrading socket (a closure here would keep the whole upgrade's scope alive). */
function destroyOnError(this: Duplex) {
  this.destroy();
}

function refuse(socket: Duplex, status: number) {
  socket.end(`HTTP/1.1 ${status} ${statusText[status] ?? "Error"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * The collaboration server: the y-websocket protocol at /collab/<sectionId> on the app's own HTTP
 * server. Made of small parts: authenticate (upgrade), room (document, broadcast, persistence),
 * connection (read-only filter, awareness), and the permission re-check below.
 */
/** How often loaded rooms are swept: stale presence timed out, quiet documents set aside. */
const SWEEP_MS = 3000;

/**
 * The permission re-check's two reads (every second while anyone is connected): prepared once per
 * database, since building them through the query builder every second cost more than all the
 * rest of an idle server's work.
 */
const recheckUsersQuery = perDatabase((db) =>
  db
    .select({
      id: users.id,
      disabled: users.disabled,
      sessionVersion: users.sessionVersion,
      role: users.role,
      departmentId: users.departmentId,
      displayName: users.displayName,
      departmentName: departments.name,
    })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(isAnyUuidPlaceholder(users.id, "ids"))
    .prepare("collab_recheck_users"),
);
/**
 * What the two reads would answer, as one digest each computed by the database: while both are
 * unchanged, so is every answer, and the re-check stops there. With 10,000 sockets open the full
 * reads (10,000 user rows parsed and compared every second) were ~9 % of a core on an idle server.
 */
const recheckUsersDigestQuery = perDatabase((db) =>
  db
    .select({
      digest: sql<string | null>`md5(string_agg((${users.id}, ${users.disabled}, ${users.sessionVersion}, ${users.role}, ${users.departmentId}, ${users.displayName}, ${departments.name})::text, ',' order by ${users.id}))`,
    })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(isAnyUuidPlaceholder(users.id, "ids"))
    .prepare("collab_recheck_users_digest"),
);
const recheckSectionsDigestQuery = perDatabase((db) =>
  db
    .select({ digest: sql<string | null>`md5(string_agg((${sections.id}, ${sections.ownerDepartmentId})::text, ',' order by ${sections.id}))` })
    .from(sections)
    .where(isAnyUuidPlaceholder(sections.id, "ids"))
    .prepare("collab_recheck_sections_digest"),
);
const recheckSectionsQuery = perDatabase((db) =>
  db
    .select({ id: sections.id, ownerDepartmentId: sections.ownerDepartmentId })
    .from(sections)
    .where(isAnyUuidPlaceholder(sections.id, "ids"))
    .prepare("collab_recheck_sections"),
);

function sameUser(a: SessionUser, b: SessionUser): boolean {
  return (
    a.sessionVersion === b.sessionVersion &&
    a.role === b.role &&
    a.departmentId === b.departmentId &&
    a.departmentName === b.departmentName &&
    a.displayName === b.displayName &&
    a.disabled === b.disabled
  );
}

export class CollabServer implements SectionDocumentHost, ConnectionHost {
  /** A message over MAX_MESSAGE_BYTES closes its socket (1009) as soon as its header is read: ws checks the length before it buffers anything. */
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  readonly messageRate: MessageRate;
  private readonly rooms = new Map<string, Promise<SectionRoom>>();
  private readonly connections = new Set<CollabConnection>();
  /** Users with open sockets, each shared by their connections. */
  private readonly users = new Map<string, { user: SessionUser; connections: number }>();
  /** Rooms that finished loading (the sweep's list). */
  private readonly loaded = new Map<string, SectionRoom>();
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly permissionTimer: NodeJS.Timeout;
  private readonly roomOptions: RoomOptions;
  private checking = false;
  /** The digests (see recheckUsersDigestQuery) of what the last complete re-check read. */
  private checkedDigest: string | null = null;
  private stopping = false;
  private readonly links = new Map<string, RoomFanoutLink>();
  private readonly reconcileTimer: NodeJS.Timeout | null = null;
  private readonly stopListening: (() => void)[] = [];

  constructor(private readonly options: CollabOptions) {
    this.messageRate = options.messageRate ?? DEFAULT_MESSAGE_RATE;
    this.roomOptions = {
      ...defaultRoomOptions,
      onStored: deriveFromStoredDocument(options.db),
      writer: new UpdateLogWriter(options.db),
      ...options.room,
    };
    this.permissionTimer = setInterval(() => void this.recheckPermissions(), options.permissionCheckMs ?? 1000);
    // Access changed anywhere (any instance): re-check now rather than at the next tick.
    this.stopListening.push(onAccessChange(() => void this.recheckPermissions()));
    const bus = options.bus;
    if (bus?.distributed) {
      this.reconcileTimer = setInterval(() => this.reconcileAll(), options.reconcileMs ?? 2000);
      this.reconcileTimer.unref();
      this.stopListening.push(bus.onReconnect(() => this.reconcileAll()));
    }
    this.permissionTimer.unref();
    this.sweepTimer = setInterval(() => this.sweep(), options.sweepMs ?? SWEEP_MS);
    this.sweepTimer.unref();
  }

  /** Times out stale presence and sets aside the documents of rooms nobody wrote in lately. */
  private sweep(now = Date.now()) {
    for (const room of this.loaded.values()) room.sweep(now);
  }

  /** Handles an HTTP upgrade for /collab/…; refuses with an HTTP status and no content otherwise. */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", destroyOnError);
    if (this.stopping) return refuse(socket, 403);
    let grant;
    try {
      grant = await authenticateUpgrade(req, {
        db: this.options.db,
        secret: this.options.secret,
        secureCookies: this.options.secureCookies,
        appOrigin: this.options.appOrigin,
      });
    } catch (error) {
      console.error("[collab] upgrade check failed:", (error as Error).message);
      return refuse(socket, 403);
    }
    if ("status" in grant) return refuse(socket, grant.status);
    let room: SectionRoom;
    try {
      room = await this.room(grant.sectionId);
    } catch (error) {
      console.error(`[collab] loading section ${grant.sectionId} failed:`, (error as Error).message);
      return refuse(socket, 404);
    }
    const { user, access } = grant;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, room, user, access));
  }

  private accept(ws: WebSocket, room: SectionRoom, user: SessionUser, access: Access) {
    const connection = new CollabConnection(ws, room, this.shareUser(user), access, this);
    this.connections.add(connection);
    this.cancelUnload(room.sectionId);
    connection.start();
  }

  /**
   * One user object for all of a user's sockets (a plan page opens one per section), replaced
   * for all of them when the permission re-check finds the user changed.
   */
  private shareUser(user: SessionUser): SessionUser {
    const shared = this.users.get(user.id);
    if (shared && sameUser(shared.user, user)) {
      shared.connections += 1;
      return shared.user;
    }
    this.users.set(user.id, { user, connections: (shared?.connections ?? 0) + 1 });
    return user;
  }

  /** ConnectionHost: a socket closed. */
  connectionClosed(connection: CollabConnection) {
    this.connections.delete(connection);
    const shared = this.users.get(connection.user.id);
    if (shared && --shared.connections <= 0) this.users.delete(connection.user.id);
    if (connection.room.members.size === 0) this.scheduleUnload(connection.room.sectionId);
  }

  /** ConnectionHost: whether another socket in the room already speaks for this awareness client id. */
  isClientIdTaken(room: SectionRoom, clientId: number, by: CollabConnection): boolean {
    for (const member of room.members) if (member !== by && (member as CollabConnection).ownedClientId === clientId) return true;
    return false;
  }

  /** The loaded room of a section (loaded once, shared by concurrent upgrades). */
  room(sectionId: string): Promise<SectionRoom> {
    let room = this.rooms.get(sectionId);
    if (!room) {
      room = loadSectionState(this.options.db, sectionId).then(({ state, loggedUpdates }) => {
        const loaded = new SectionRoom(sectionId, state, this.options.db, loggedUpdates, this.roomOptions);
        if (this.options.bus?.distributed) this.links.set(sectionId, new RoomFanoutLink(loaded, this.options.bus));
        this.loaded.set(sectionId, loaded);
        return loaded;
      });
      room.catch(() => this.rooms.delete(sectionId));
      this.rooms.set(sectionId, room);
    }
    return room;
  }

  /** SectionDocumentHost: the live document, flushed, kept loaded while `read` runs. */
  async read<T>(sectionId: string, read: (doc: Y.Doc) => T): Promise<T> {
    return this.holding(sectionId, async (room) => {
      await room.flush();
      return read(room.doc);
    });
  }

  /** SectionDocumentHost: a server-side change (a restore), live for every client and committed before this returns. */
  async change(sectionId: string, userId: string, change: (doc: Y.Doc) => void): Promise<void> {
    await this.holding(sectionId, async (room) => {
      const update = updateFromChange(room.doc, change);
      if (!update) return;
      room.apply(update, { userId }, updateStart(update));
      await room.flush();
    });
  }

  private async holding<T>(sectionId: string, use: (room: SectionRoom) => Promise<T>): Promise<T> {
    if (this.stopping) throw new Error("The collaboration server is stopping");
    const room = await this.room(sectionId);
    room.holds += 1;
    this.cancelUnload(sectionId);
    try {
      return await use(room);
    } finally {
      room.holds -= 1;
      if (room.members.size === 0 && room.holds === 0) this.scheduleUnload(sectionId);
    }
  }

  /** Every loaded section publishes its state so that other instances send what it lacks. */
  reconcileAll(): void {
    for (const link of this.links.values()) link.reconcile();
  }

  /** Sections currently loaded (for tests and health). */
  get loadedSections(): string[] {
    return [...this.rooms.keys()];
  }

  private cancelUnload(sectionId: string) {
    const timer = this.unloadTimers.get(sectionId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(sectionId);
  }

  private scheduleUnload(sectionId: string) {
    this.cancelUnload(sectionId);
    const timer = setTimeout(() => void this.unload(sectionId), this.options.idleUnloadMs ?? 30_000);
    timer.unref();
    this.unloadTimers.set(sectionId, timer);
  }

  private async unload(sectionId: string) {
    this.unloadTimers.delete(sectionId);
    const pending = this.rooms.get(sectionId);
    if (!pending) return;
    const room = await pending;
    if (room.members.size > 0 || room.holds > 0) return;
    // Stored while the room is still the section's: a client joining meanwhile finds it, not a
    // fresh load from a database that lacks the updates being written.
    await room.flush();
    if (room.members.size > 0 || room.holds > 0 || this.rooms.get(sectionId) !== pending || this.stopping) return;
    // The write failed (its retry is running): the room stays, with its updates, until it succeeds.
    if (room.unstored > 0) return this.scheduleUnload(sectionId);
    this.rooms.delete(sectionId);
    this.loaded.delete(sectionId);
    this.links.get(sectionId)?.close();
    this.links.delete(sectionId);
    await room.close();
  }

  /**
   * Re-reads the users and sections behind every open socket and applies what changed: a revoked,
   * disabled or deleted user's sockets close; a section deleted closes its sockets; a role,
   * department or owner change makes sockets read-only (or writable) at once.
   */
  async recheckPermissions(): Promise<void> {
    if (this.checking || this.connections.size === 0) return;
    this.checking = true;
    try {
      // Sockets opened while the query runs were checked at their upgrade: judge only these.
      const connections = [...this.connections];
      const userIds = [...this.users.keys()];
      const sectionIds = [...this.loaded.values()].filter((room) => room.members.size > 0).map((room) => room.sectionId);
      // Read before the rows: a change made after this is in the rows (judged now) or in the next digest.
      const [[usersDigest], [sectionsDigest]] = await Promise.all([
        recheckUsersDigestQuery(this.options.db).execute({ ids: userIds }),
        sectionIds.length ? recheckSectionsDigestQuery(this.options.db).execute({ ids: sectionIds }) : [{ digest: null }],
      ]);
      const digest = `${usersDigest?.digest ?? "-"} ${sectionsDigest?.digest ?? "-"}`;
      // Nothing read changed (sockets opened since were judged at their upgrade, with the same rows).
      if (digest === this.checkedDigest) return;
      const [userRows, sectionRows] = await Promise.all([
        recheckUsersQuery(this.options.db).execute({ ids: userIds }),
        sectionIds.length ? recheckSectionsQuery(this.options.db).execute({ ids: sectionIds }) : [],
      ]);
      const usersById = new Map(userRows.map((row) => [row.id, row]));
      const sectionsById = new Map(sectionRows.map((row) => [row.id, row]));
      // Each changed user becomes one new object, shared again by all of their sockets.
      for (const [userId, shared] of this.users) {
        const row = usersById.get(userId);
        if (!row) continue;
        const fresh: SessionUser = { ...shared.user, role: row.role as SessionUser["role"], departmentId: row.departmentId, departmentName: row.departmentName, displayName: row.displayName };
        if (!sameUser(shared.user, fresh)) shared.user = fresh;
      }
      for (const connection of connections) {
        const row = usersById.get(connection.user.id);
        if (!row || row.disabled || row.sessionVersion !== connection.user.sessionVersion) {
          connection.close(CLOSE_SESSION_ENDED, "session ended");
          continue;
        }
        const section = sectionsById.get(connection.room.sectionId);
        if (!section) {
          connection.close(CLOSE_SECTION_DELETED, "section deleted");
          continue;
        }
        connection.user = this.users.get(connection.user.id)?.user ?? connection.user;
        const access = accessFor(connection.user, section);
        if (!access) connection.close(CLOSE_ACCESS_REMOVED, "access removed");
        else connection.setAccess(access);
      }
      this.checkedDigest = digest;
    } catch (error) {
      console.error("[collab] permission check failed:", (error as Error).message);
    } finally {
      this.checking = false;
    }
  }

  /** Stops accepting, writes every pending update, and closes sockets with "server restarting". */
  async shutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.permissionTimer);
    clearInterval(this.sweepTimer);
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    for (const stop of this.stopListening) stop();
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    await Promise.all(rooms.map((result) => (result.status === "fulfilled" ? result.value.flush() : undefined)));
    for (const connection of this.connections) connection.close(CLOSE_SERVER_RESTARTING, "server restarting");
    // A client that never answers the close handshake (a suspended laptop, a half-open socket)
    // would hold the HTTP server, and so the stopping process, for ws's 30 s close timeout.
    setTimeout(() => this.connections.forEach((connection) => connection.terminate()), CLOSE_HANDSHAKE_GRACE_MS).unref();
    await Promise.all(rooms.map((result) => (result.status === "fulfilled" ? result.value.close({ compact: false }) : undefined)));
    for (const link of this.links.values()) link.close();
    this.links.clear();
    this.rooms.clear();
    this.loaded.clear();
    this.wss.close();
  }
}
