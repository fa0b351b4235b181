import { Redis } from "ioredis";

/** Whether the optional Redis is configured and reachable. The scale-out issue adds fan-out on top. */
export type RedisStatus = { connected: () => boolean; close: () => Promise<void> };

export function connectRedis(url: string | undefined): RedisStatus {
  if (!url) return { connected: () => false, close: async () => undefined };
  const client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  let warned = false;
  client.on("error", (error) => {
    if (!warned) console.warn(`[redis] ${error.message}; retrying in the background`);
    warned = true;
  });
  client.on("ready", () => {
    warned = false;
  });
  return {
    connected: () => client.status === "ready",
    close: async () => {
      client.disconnect();
    },
  };
}
