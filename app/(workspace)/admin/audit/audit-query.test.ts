import { describe, expect, it } from "vitest";
import { auditFiltersOf } from "./audit-query";

const actor = "5f0c6b8e-2d4a-4c1e-9b7a-0e6f1d2c3b4a";

describe("auditFiltersOf", () => {
  it("reads every filter of a linked view", () => {
    expect(auditFiltersOf({ actor, department: actor, type: "review", from: "2020-09-01", to: "2020-09-30" })).toEqual({
      actor,
      department: actor,
      type: "review",
      from: "2020-09-01",
      to: "2020-09-30",
    });
  });

  it("drops values the server would refuse instead of sending them", () => {
    expect(auditFiltersOf({ actor: "leader1", type: "payroll", from: "2020-9-1", to: ["2020-09-01", "2020-09-02"] })).toEqual({
      actor: "",
      department: "",
      type: "",
      from: "",
      to: "",
    });
  });
});
