import { describe, expect, it } from "vitest";
import {
  type Action,
  type Actor,
  actions,
  can,
  isRoleAction,
  type ReviewedSection,
  reviewTransitions,
  roles,
  type Role,
  sectionStatuses,
} from "./index";

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
const leadersAndAdmins: Expectation = { admin: true, editor: false, leader: true, viewer: false };

const roleMatrix: Record<string, Expectation> = {
  "session.read": all,
  "account.changePassword": all,
  "plan.read": all,
  "plan.create": adminOnly,
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
  "version.read": all,
  "review.read": leadersAndAdmins,
  "comment.write": all,
  "notification.read": all,
  "live.subscribe": all,
};
const resourceMatrix: Record<string, { own: Expectation; other: Expectation }> = {
  "section.edit": { own: ownDepartmentEditors, other: adminOnly },
  "project.edit": { own: ownDepartmentEditors, other: adminOnly },
  "indicator.edit": { own: ownDepartmentEditors, other: adminOnly },
  "version.create": { own: ownDepartmentEditors, other: adminOnly },
  "version.restore": { own: ownDepartmentEditors, other: adminOnly },
};
/** The review workflow and comment resolution: checked by the state machine tests below. */
const workflowActions = ["section.submit", "section.approve", "section.requestChanges", "comment.resolve"];

describe("policy matrix", () => {
  it("covers every action of the policy, and nothing else", () => {
    expect([...Object.keys(roleMatrix), ...Object.keys(resourceMatrix), ...workflowActions].sort()).toEqual([...actions].sort());
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

describe("review workflow state machine", () => {
  type Transition = keyof typeof reviewTransitions;
  /**
   * The rule, written out: only editors of the owner department submit, from drafting or
   * changes_requested; only leaders and admins decide, only on sections in review, never on their
   * own submission.
   */
  const expected = (transition: Transition, role: Role, status: ReviewedSection["status"], ownDepartment: boolean, ownSubmission: boolean) => {
    if (transition === "section.submit") return role === "editor" && ownDepartment && (status === "drafting" || status === "changes_requested");
    return (role === "leader" || role === "admin") && status === "in_review" && !ownSubmission;
  };
  for (const transition of Object.keys(reviewTransitions) as Transition[]) {
    for (const role of roles) {
      for (const status of sectionStatuses) {
        for (const ownDepartment of [true, false]) {
          for (const ownSubmission of [true, false]) {
            const allowed = expected(transition, role, status, ownDepartment, ownSubmission);
            it(`${role} ${allowed ? "may" : "may not"} ${transition} a ${status} section (${ownDepartment ? "own" : "other"} department${ownSubmission ? ", submitted by them" : ""})`, () => {
              const actor = actorOf(role);
              const section: ReviewedSection = {
                ownerDepartmentId: ownDepartment ? OWN : OTHER,
                status,
                submittedById: ownSubmission ? actor.id : "someone-else",
              };
              expect(can(actor, transition, section)).toBe(allowed);
              expect(can(actorOf(role, true), transition, section)).toBe(false);
            });
          }
        }
      }
    }
  }

  it("leads submit → in_review, approve → approved, requestChanges → changes_requested", () => {
    expect(reviewTransitions).toEqual({
      "section.submit": "in_review",
      "section.approve": "approved",
      "section.requestChanges": "changes_requested",
    });
  });

  it("lets a thread's author, leaders, admins and the owner department's editors resolve it, and no one else", () => {
    for (const role of roles) {
      const actor = actorOf(role);
      const foreign = { createdById: "someone-else", section: { ownerDepartmentId: OTHER } };
      expect(can(actor, "comment.resolve", { ...foreign, createdById: actor.id })).toBe(true);
      expect(can(actor, "comment.resolve", foreign)).toBe(role === "leader" || role === "admin");
      expect(can(actor, "comment.resolve", { ...foreign, section: { ownerDepartmentId: OWN } })).toBe(role !== "viewer");
    }
  });
});
