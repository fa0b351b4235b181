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
export const CLOSE_SERVER_RESTARTING = 1012;

/** Path of a section's collaboration socket. */
export const collabPath = (sectionId: string) => `/collab/${sectionId}`;
