import { describe, expect, it } from "vitest";
import { descendantCount, neighbourOf, outlineMoves } from "./outline-tree";

// 1 总体思路 (1.1, 1.2) · 2 强化规划引领 (2.1) · 3 下一步工作, in plan.get's depth-first order.
const outline = [
  { id: "1", parentId: null },
  { id: "1.1", parentId: "1" },
  { id: "1.2", parentId: "1" },
  { id: "2", parentId: null },
  { id: "2.1", parentId: "2" },
  { id: "3", parentId: null },
];

describe("outlineMoves", () => {
  it("moves up and down among siblings, not past the ends", () => {
    expect(outlineMoves(outline, "2")).toMatchObject({ up: { parentId: null, position: 0 }, down: { parentId: null, position: 2 } });
    expect(outlineMoves(outline, "1")).toMatchObject({ up: null, down: { parentId: null, position: 1 } });
    expect(outlineMoves(outline, "1.2")).toMatchObject({ up: { parentId: "1", position: 0 }, down: null });
  });

  it("indents under the previous sibling, as its last child", () => {
    expect(outlineMoves(outline, "2").indent).toEqual({ parentId: "1", position: 2 });
    expect(outlineMoves(outline, "3").indent).toEqual({ parentId: "2", position: 1 });
    expect(outlineMoves(outline, "1.1").indent).toBeNull();
    expect(outlineMoves(outline, "1.2").indent).toEqual({ parentId: "1.1", position: 0 });
  });

  it("outdents to just after the parent", () => {
    expect(outlineMoves(outline, "1.1").outdent).toEqual({ parentId: null, position: 1 });
    expect(outlineMoves(outline, "2.1").outdent).toEqual({ parentId: null, position: 2 });
    expect(outlineMoves(outline, "3").outdent).toBeNull();
  });

  it("offers nothing for an unknown section", () => {
    expect(outlineMoves(outline, "9")).toEqual({ up: null, down: null, indent: null, outdent: null });
  });
});

describe("descendantCount and neighbourOf", () => {
  it("counts the whole subtree", () => {
    expect(descendantCount(outline, "1")).toBe(2);
    expect(descendantCount(outline, "2.1")).toBe(0);
  });

  it("picks the section before, or else the first one after the subtree", () => {
    expect(neighbourOf(outline, "2")).toBe("1.2");
    expect(neighbourOf(outline, "1")).toBe("2");
    expect(neighbourOf([{ id: "1", parentId: null }], "1")).toBeNull();
  });
});
