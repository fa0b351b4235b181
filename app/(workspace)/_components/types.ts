import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/routers";

/** What each tRPC procedure returns, for typing props of the pages' components. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
