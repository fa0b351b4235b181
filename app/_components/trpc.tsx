"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/routers";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        retry: (failureCount, error) => {
          const code = error instanceof TRPCClientError ? error.data?.code : undefined;
          if (code === "UNAUTHORIZED" || code === "FORBIDDEN" || code === "NOT_FOUND" || code === "BAD_REQUEST") return false;
          return failureCount < 2;
        },
      },
    },
  });
}

/** tRPC + React Query for client components. A revoked session sends the browser to the login page. */
export function TrpcProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          // Subscriptions (each page's one live stream, live.events) arrive as server-sent events.
          condition: (operation) => operation.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc", transformer: superjson }),
          false: httpBatchLink({
          url: "/api/trpc",
          transformer: superjson,
          fetch: async (input, init) => {
            const response = await fetch(input, { ...init, credentials: "same-origin" });
            if (response.status === 401 && typeof window !== "undefined" && window.location.pathname !== "/login") {
              window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}&expired=1`);
            }
            return response;
          },
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** Field errors of a failed mutation (field path → server message), for forms. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (error instanceof TRPCClientError) {
    const fields = (error.data as { fields?: Record<string, string> | null } | undefined)?.fields;
    if (fields) return fields;
  }
  return {};
}

/** Structured facts the server attached to a refusal, e.g. { textLength }. */
export function errorDetailsOf(error: unknown): Record<string, unknown> {
  if (error instanceof TRPCClientError) {
    const details = (error.data as { details?: Record<string, unknown> | null } | undefined)?.details;
    if (details) return details;
  }
  return {};
}

/** The tRPC error code of a failure, e.g. "CONFLICT", for choosing a translated message. */
export function errorCodeOf(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}
