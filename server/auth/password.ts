import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id at OWASP's minimum recommendation (m = 19 MiB, t = 2, p = 1).
 * `algorithm: 2` is Algorithm.Argon2id; the binding declares it as a const enum, which
 * isolated-module builds cannot import.
 */
export const passwordHashParams = {
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export function hashPassword(password: string): Promise<string> {
  return hash(password, passwordHashParams);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so an unknown user and a wrong password look alike. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword("dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}
