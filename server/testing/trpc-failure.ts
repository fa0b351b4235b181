import { TRPCError } from "@trpc/server";
import { expect } from "vitest";

/** The TRPCError a call fails with (the test fails if it succeeds or fails otherwise). */
export async function failureOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, "expected the call to fail").toBeInstanceOf(TRPCError);
  return error as TRPCError;
}
