import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/db/client";
import { getRuntime } from "@/server/runtime";
import { CLIENT_ADDRESS_HEADER } from "./client-address";
import { verifyLogin } from "./login";

/** Error codes the login page shows; an unknown user and a wrong password share one. */
export const loginErrorCodes = {
  invalid: "INVALID_CREDENTIALS",
  throttled: "TOO_MANY_ATTEMPTS",
  disabled: "ACCOUNT_DISABLED",
} as const;

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/** next-auth options: credentials provider, JWT sessions carrying the user id and session version. */
export function authOptions(): AuthOptions {
  const runtime = getRuntime();
  return {
    secret: runtime.authSecret,
    useSecureCookies: runtime.secureCookies,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "credentials",
        credentials: { username: { type: "text" }, password: { type: "password" } },
        async authorize(credentials, request) {
          const headers = (request?.headers ?? {}) as Record<string, string | undefined>;
          const result = await verifyLogin(
            db(),
            {
              username: String(credentials?.username ?? ""),
              password: String(credentials?.password ?? ""),
              clientAddress: headers[CLIENT_ADDRESS_HEADER] ?? "unknown",
            },
            { maxFailures: runtime.env.LOGIN_MAX_FAILURES, windowMinutes: runtime.env.LOGIN_WINDOW_MINUTES },
          );
          if (!result.ok) throw new Error(loginErrorCodes[result.reason]);
          return { id: result.user.id, name: result.user.displayName, sv: result.user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sv?: number }).sv;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { name: session.user?.name, id: token.uid } };
      },
    },
  };
}
