import type { IncomingMessage } from "node:http";

/**
 * Header through which the custom server hands the client's address to Next's route handlers.
 * The server always overwrites it, so a client cannot choose its own address.
 */
export const CLIENT_ADDRESS_HEADER = "x-xz-client-address";

/** The client's address: the socket's peer, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientAddressOf(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? "unknown";
}
