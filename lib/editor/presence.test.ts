import { describe, expect, it } from "vitest";
import { initialsOf, peersFrom } from "./presence";

describe("initialsOf", () => {
  it("uses the surname of Chinese names, after a title and without a bracketed part", () => {
    expect(initialsOf("科技局编辑 张磊")).toBe("张");
    expect(initialsOf("韩副市长（韩立军）")).toBe("韩");
    expect(initialsOf("系统管理员")).toBe("系");
  });

  it("uses first letters for other names", () => {
    expect(initialsOf("Chen Jing")).toBe("CJ");
    expect(initialsOf("admin")).toBe("AD");
    expect(initialsOf("  ")).toBe("?");
  });
});

describe("peersFrom", () => {
  const user = (id: string, name: string) => ({ id, name, department: "市科学技术局", color: "#0369a1" });

  it("lists each other person once, leaving out this client, the user's own tabs and unstamped states", () => {
    const states = new Map<number, Record<string, unknown> | null>([
      [1, { user: user("me", "我") }],
      [2, { user: user("me", "我") }],
      [3, { user: user("u1", "乙"), cursor: null }],
      [4, { user: user("u1", "乙"), cursor: { anchor: {}, head: {} } }],
      [5, { user: { name: "forged" } }],
      [6, null],
      [7, { user: user("u2", "甲") }],
    ]);
    expect(peersFrom(states, 1, "me")).toEqual([
      { userId: "u2", name: "甲", department: "市科学技术局", color: "#0369a1", editing: false },
      { userId: "u1", name: "乙", department: "市科学技术局", color: "#0369a1", editing: true },
    ]);
  });
});
