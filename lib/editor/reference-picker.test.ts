import { describe, expect, it } from "vitest";
import { matchCandidates } from "./reference-picker";

const indicators = [
  { id: "1", name: "新兴产业项目数" },
  { id: "2", name: "省级智能工厂（车间）数" },
  { id: "3", name: "上云企业数" },
  { id: "4", name: "规模工业企业数" },
  { id: "5", name: "Cloud adoption" },
];

describe("matchCandidates", () => {
  it("matches any part of the name", () => {
    expect(matchCandidates(indicators, "上云").map((item) => item.name)).toEqual(["上云企业数"]);
    expect(matchCandidates(indicators, "车间").map((item) => item.name)).toEqual(["省级智能工厂（车间）数"]);
  });

  it("puts names that start with the query first, then keeps registry order", () => {
    expect(matchCandidates(indicators, "企业").map((item) => item.id)).toEqual(["3", "4"]);
    expect(matchCandidates(indicators, "数").map((item) => item.id)).toEqual(["1", "2", "3", "4"]);
  });

  it("offers everything for an empty query, ignores case, and stops at the limit", () => {
    expect(matchCandidates(indicators, "")).toHaveLength(5);
    expect(matchCandidates(indicators, "cloud").map((item) => item.id)).toEqual(["5"]);
    expect(matchCandidates(indicators, "", 2).map((item) => item.id)).toEqual(["1", "2"]);
  });
});
