# The app image: one Node process serving pages, tRPC, next-auth and the collaboration socket.
# The same image runs the one-shot migration: `npx tsx server/migrate-cli.ts` (compose's `migrate`).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN NEXT_TELEMETRY_DISABLED=1 npx next build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 HOST=0.0.0.0 PORT=3000
RUN apt-get update && apt-get install -y --no-install-recommends wget && rm -rf /var/lib/apt/lists/*
# Owned by the runtime user: Next writes its cache under .next/, and without DATABASE_URL the
# embedded database goes to /app/.data.
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
CMD ["npx", "tsx", "--max-semi-space-size=8", "server/main.ts"]
