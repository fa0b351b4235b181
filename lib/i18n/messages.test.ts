import { describe, expect, it } from "vitest";
import { loadMessages } from "./messages";

const en = await loadMessages("en");
const zhCN = await loadMessages("zh-CN");

function keysOf(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe("i18n dictionaries", () => {
  it("zh-CN and en have exactly the same keys", () => {
    expect(keysOf(en).sort()).toEqual(keysOf(zhCN).sort());
  });

  it("has no empty messages", () => {
    const flatten = (value: unknown): string[] =>
      typeof value === "string" ? [value] : Object.values(value as Record<string, unknown>).flatMap(flatten);
    for (const dictionary of [zhCN, en]) for (const message of flatten(dictionary)) expect(message.trim()).not.toBe("");
  });
});
