import { describe, expect, it } from "vitest";
import { hashPassword, passwordHashParams, verifyPassword } from "./password";

describe("password hashing", () => {
  it("uses argon2id at OWASP's minimum or above", () => {
    expect(passwordHashParams.memoryCost).toBeGreaterThanOrEqual(19456);
    expect(passwordHashParams.timeCost).toBeGreaterThanOrEqual(2);
  });

  it("writes those parameters into the stored hash", async () => {
    const stored = await hashPassword("correct horse battery");
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBeGreaterThanOrEqual(19456);
    expect(Number(match![2])).toBeGreaterThanOrEqual(2);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("许昌智造-2020");
    expect(await verifyPassword(stored, "许昌智造-2020")).toBe(true);
    expect(await verifyPassword(stored, "许昌智造-2021")).toBe(false);
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
  });

  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("same")).not.toBe(await hashPassword("same"));
  });
});
