import { describe, expect, it } from "vitest";
import { type Action, type Actor, actions, can, isRoleAction, roles, type Role } from "./index";

const OWN = "00000000-0000-4000-8000-000000000001";
const OTHER = "00000000-0000-4000-8000-000000000002";
const actorOf = (role: Role, disabled = false): Actor => ({ id: `user-${role}`, role, departmentId: OWN, disabled });

/**
 * The whole matrix, written out by hand: for each action, which roles may do it — for resource
 * actions, on a resource of their own department and of another department.
 */
type Expectation = { admin: boolean; editor: boolean; leader: boolean; viewer: boolean };
const all: Expectation = { admin: true, editor: true, leader: true, viewer: true };
const adminOnly: Expectation = { admin: true, editor: false, leader: false, viewer: false };
const ownDepartmentEditors: Expectation = { admin: true, editor: true, leader: false, viewer: false };
const editorsAndAdmins: Expectation = { admin: true, editor: true, leader: false, viewer: false };

const roleMatrix: Record<string, Expectation> = {
  "session.read": all,
  "account.changePassword": all,
  "plan.read": all,
  "section.read": all,
  "section.manageOutline": adminOnly,
  "project.read": all,
  "project.write": editorsAndAdmins,
  "indicator.read": all,
  "indicator.write": editorsAndAdmins,
  "department.read": all,
  "department.manage": adminOnly,
  "user.read": adminOnly,
  "user.manage": adminOnly,
  "audit.read": adminOnly,
};
const resourceMatrix: Record<string, { own: Expectation; other: Expectation }> = {
  "section.edit": { own: ownDepartmentEditors, other: adminOnly },
  "project.edit": { own: ownDepartmentEditors, other: adminOnly },
  "indicator.edit": { own: ownDepartmentEditors, other: adminOnly },
};

describe("policy matrix", () => {
  it("covers every action of the policy, and nothing else", () => {
    expect([...Object.keys(roleMatrix), ...Object.keys(resourceMatrix)].sort()).toEqual([...actions].sort());
  });

  for (const role of roles) {
    for (const [action, expected] of Object.entries(roleMatrix)) {
      it(`${role} ${expected[role] ? "may" : "may not"} ${action}`, () => {
        expect(isRoleAction(action as Action)).toBe(true);
        expect(can(actorOf(role), action as never)).toBe(expected[role]);
      });
    }
    for (const [action, expected] of Object.entries(resourceMatrix)) {
      it(`${role} on ${action}: own department ${expected.own[role]}, other department ${expected.other[role]}`, () => {
        expect(isRoleAction(action as Action)).toBe(false);
        expect(can(actorOf(role), action as "section.edit", { ownerDepartmentId: OWN })).toBe(expected.own[role]);
        expect(can(actorOf(role), action as "section.edit", { ownerDepartmentId: OTHER })).toBe(expected.other[role]);
      });
    }
  }

  it("refuses everything to a disabled or missing actor", () => {
    for (const action of actions) {
      expect(can(actorOf("admin", true), action as "section.edit", { ownerDepartmentId: OWN })).toBe(false);
      expect(can(null, action as "section.edit", { ownerDepartmentId: OWN })).toBe(false);
    }
  });
});
