import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const nextConfig: NextConfig = {
  // Native or WASM packages, and packages whose single instance the custom server shares with
  // Next's route handlers (a second Yjs copy breaks documents).
  serverExternalPackages: ["@electric-sql/pglite", "pg", "@node-rs/argon2", "yjs", "ioredis"],
  poweredByHeader: false,
  // Several development servers side by side (one per worker) need their own build folders.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  turbopack: { root: import.meta.dirname },
};

export default withNextIntl(nextConfig);
