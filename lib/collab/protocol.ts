/**
 * The collaboration protocol: the standard y-websocket messages (sync, awareness, query-awareness)
 * plus two of ours, shared by the server and the browser.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Server → client: [100, varUint8Array committedStateVector]. Every update the vector covers is in the database. */
export const MESSAGE_SAVED = 100;
/** Server → client: [101, varUint mode (0 read-only, 1 editable), varString reason]. */
export const MESSAGE_ACCESS = 101;

export const ACCESS_READ_ONLY = 0;
export const ACCESS_EDITABLE = 1;

/** Reasons carried by MESSAGE_ACCESS and close frames; the browser translates them. */
export const accessReasons = {
  role: "role",
  department: "department",
  permissionChanged: "permission_changed",
  granted: "granted",
} as const;

/** WebSocket close codes (4000–4999 are ours). */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_ACCESS_REMOVED = 4403;
export const CLOSE_SECTION_DELETED = 4404;
export const CLOSE_PROTOCOL_ABUSE = 4400;
/** The update would take the section past MAX_SECTION_BYTES; it was not applied. */
export const CLOSE_SECTION_TOO_LARGE = 4413;
/** The socket sent messages faster than the server takes them; the client may reconnect. */
export const CLOSE_RATE_LIMITED = 4429;
export const CLOSE_SERVER_RESTARTING = 1012;
/** A message over MAX_MESSAGE_BYTES (RFC 6455 "message too big"); it was not read. */
export const CLOSE_MESSAGE_TOO_BIG = 1009;

/** The largest message a client may send; a larger one closes its socket with 1009 before it is read. */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
/** The largest a section's document may grow (its encoded state, in bytes). */
export const MAX_SECTION_BYTES = 10 * 1024 * 1024;

/**
 * Whether the browser reconnects after the server closed its socket. Our 4400–4499 codes are for
 * good (as y-websocket has it), except the rate limit (after its back-off a reconnect resyncs
 * everything); so is 1009: the same unsent edit would be sent again and refused again.
 */
export function reconnectsAfterClose(code: number): boolean {
  if (code === CLOSE_RATE_LIMITED) return true;
  return code !== CLOSE_MESSAGE_TOO_BIG && !(code >= 4400 && code < 4500);
}

/** Path of a section's collaboration socket. */
export const collabPath = (sectionId: string) => `/collab/${sectionId}`;
