import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

/** next-auth (credentials + JWT). Options are built per request from the runtime the custom server set up. */
async function handler(request: Request, context: RouteContext) {
  return NextAuth(authOptions())(request, { params: await context.params });
}

export { handler as GET, handler as POST };
