/**
 * WHO MAY DO WHAT. The only place permission rules live: tRPC procedures and the collaboration
 * server ask `can` / `authorize` here and nowhere decide on their own.
 */

export const roles = ["admin", "editor", "leader", "viewer"] as const;
export type Role = (typeof roles)[number];

/** The acting user, as loaded from the database for this request. */
export type Actor = {
  id: string;
  role: Role;
  departmentId: string;
  disabled: boolean;
};

/** Anything owned by a department: a section, a project, an indicator. */
export type DepartmentOwned = { ownerDepartmentId: string };

export const sectionStatuses = ["drafting", "in_review", "approved", "changes_requested"] as const;
export type SectionStatus = (typeof sectionStatuses)[number];

/** A section as the review workflow sees it. */
export type ReviewedSection = DepartmentOwned & { status: SectionStatus; submittedById: string | null };

/** A comment thread as the policy sees it. */
export type ThreadResource = { createdById: string; section: DepartmentOwned };

/**
 * Every action, with the resource it is decided on (`null` for actions decided on the role alone).
 * Adding an action here without a rule below is a type error.
 */
type ActionResources = {
  /** Read one's own session and profile. */
  "session.read": null;
  /** Change one's own password (the old password is checked by the service). */
  "account.changePassword": null;
  "plan.read": null;
  /** Create a plan (importing a document as a new plan). */
  "plan.create": null;
  "section.read": null;
  /** Write a section's text. */
  "section.edit": DepartmentOwned;
  /** Add, rename, move and delete sections; change a section's owner department. */
  "section.manageOutline": null;
  "project.read": null;
  /** May change some projects at all (gate of the write procedures; which ones: `project.edit`). */
  "project.write": null;
  "project.edit": DepartmentOwned;
  "indicator.read": null;
  /** May change some indicators at all (gate of the write procedures; which ones: `indicator.edit`). */
  "indicator.write": null;
  "indicator.edit": DepartmentOwned;
  "department.read": null;
  "department.manage": null;
  /** List and search accounts. */
  "user.read": null;
  /** Create accounts; change role and department; disable/enable; reset password; force logout. */
  "user.manage": null;
  "audit.read": null;
  /** List a section's versions, open and compare them. */
  "version.read": null;
  /** Save a named version of a section. */
  "version.create": DepartmentOwned;
  /** Restore a past version as a new change on top of the current text. */
  "version.restore": DepartmentOwned;
  /** drafting | changes_requested → in_review: an editor of the owner department. */
  "section.submit": ReviewedSection;
  /** in_review → approved: a leader or admin who did not submit it. */
  "section.approve": ReviewedSection;
  /** in_review → changes_requested: a leader or admin who did not submit it. */
  "section.requestChanges": ReviewedSection;
  /** The review workspace: every section in review across the plan. */
  "review.read": null;
  /** Read and write comments (everyone who reads a section may comment on it). */
  "comment.write": null;
  /** Resolve or reopen a thread: its author, the owner department's editors, leaders and admins. */
  "comment.resolve": ThreadResource;
  "notification.read": null;
  /**
   * Open the page's one live event stream. Each topic asked for in it is decided on its own action
   * as well: plan.read, project.read, notification.read (one's own), review.read.
   */
  "live.subscribe": null;
};

export type Action = keyof ActionResources;
export type ResourceOf<A extends Action> = ActionResources[A];
/** Actions decided on the role alone: the ones a tRPC procedure may declare in its meta. */
export type RoleAction = { [A in Action]: ActionResources[A] extends null ? A : never }[Action];

type Rule<A extends Action> = {
  /** "role": decided on the actor alone; "resource": needs the resource. */
  scope: ResourceOf<A> extends null ? "role" : "resource";
  allow: (actor: Actor, resource: ResourceOf<A>) => boolean;
};

const onRole = (allow: (actor: Actor) => boolean) => ({ scope: "role" as const, allow });
const onResource = <R>(allow: (actor: Actor, resource: R) => boolean) => ({
  scope: "resource" as const,
  allow,
});

const everyone = onRole(() => true);
const adminOnly = onRole((actor) => actor.role === "admin");
const editorsAndAdmins = onRole((actor) => actor.role === "admin" || actor.role === "editor");
const isOwnerDepartmentEditor = (actor: Actor, resource: DepartmentOwned) =>
  actor.role === "editor" && actor.departmentId === resource.ownerDepartmentId;
const ownerDepartmentEditorOrAdmin = onResource<DepartmentOwned>(
  (actor, resource) => actor.role === "admin" || isOwnerDepartmentEditor(actor, resource),
);
const isReviewer = (actor: Actor) => actor.role === "leader" || actor.role === "admin";
/** Leaders decide on sections in review, never on their own submission. */
const decidesReview = onResource<ReviewedSection>(
  (actor, section) => isReviewer(actor) && section.status === "in_review" && section.submittedById !== actor.id,
);

const rules: { [A in Action]: Rule<A> } = {
  "session.read": everyone,
  "account.changePassword": everyone,
  "plan.read": everyone,
  "plan.create": adminOnly,
  "section.read": everyone,
  "section.edit": ownerDepartmentEditorOrAdmin,
  "section.manageOutline": adminOnly,
  "project.read": everyone,
  "project.write": editorsAndAdmins,
  "project.edit": ownerDepartmentEditorOrAdmin,
  "indicator.read": everyone,
  "indicator.write": editorsAndAdmins,
  "indicator.edit": ownerDepartmentEditorOrAdmin,
  "department.read": everyone,
  "department.manage": adminOnly,
  "user.read": adminOnly,
  "user.manage": adminOnly,
  "audit.read": adminOnly,
  "version.read": everyone,
  "version.create": ownerDepartmentEditorOrAdmin,
  "version.restore": ownerDepartmentEditorOrAdmin,
  "section.submit": onResource<ReviewedSection>(
    (actor, section) => isOwnerDepartmentEditor(actor, section) && (section.status === "drafting" || section.status === "changes_requested"),
  ),
  "section.approve": decidesReview,
  "section.requestChanges": decidesReview,
  "review.read": onRole(isReviewer),
  "comment.write": everyone,
  "comment.resolve": onResource<ThreadResource>(
    (actor, thread) => thread.createdById === actor.id || isReviewer(actor) || isOwnerDepartmentEditor(actor, thread.section),
  ),
  "notification.read": everyone,
  "live.subscribe": everyone,
};

export const actions = Object.keys(rules) as Action[];

export function isAction(value: unknown): value is Action {
  return typeof value === "string" && Object.hasOwn(rules, value);
}

/** Actions decided without a resource: the ones a tRPC procedure may declare in its meta. */
export function isRoleAction(action: Action): action is RoleAction {
  return rules[action].scope === "role";
}

export type ResourceArgs<A extends Action> = ResourceOf<A> extends null ? [] : [resource: ResourceOf<A>];

/** Whether `actor` may do `action` (on `resource`). A disabled or missing actor may do nothing. */
export function can<A extends Action>(actor: Actor | null | undefined, action: A, ...resource: ResourceArgs<A>): boolean {
  if (!actor || actor.disabled) return false;
  const rule = rules[action] as Rule<A>;
  return rule.allow(actor, (resource[0] ?? null) as ResourceOf<A>);
}

/** Thrown by `authorize`; the tRPC layer turns it into FORBIDDEN, the collab server into 403. */
export class PolicyDeniedError extends Error {
  constructor(public readonly action: Action) {
    super(`Not allowed: ${action}`);
    this.name = "PolicyDeniedError";
  }
}

/** Throws PolicyDeniedError unless `actor` may do `action` (on `resource`). */
export function authorize<A extends Action>(actor: Actor | null | undefined, action: A, ...resource: ResourceArgs<A>): void {
  if (!can(actor, action, ...resource)) throw new PolicyDeniedError(action);
}

/** The caller's abilities on a section, returned with the data so the UI shows only what is allowed. */
export function sectionAbilities(actor: Actor, section: ReviewedSection) {
  return {
    canEdit: can(actor, "section.edit", section),
    canManageOutline: can(actor, "section.manageOutline"),
    canSaveVersion: can(actor, "version.create", section),
    canSubmit: can(actor, "section.submit", section),
    canApprove: can(actor, "section.approve", section),
  };
}

/** The status a review action leads to (the policy decides whether the actor may take it). */
export const reviewTransitions = {
  "section.submit": "in_review",
  "section.approve": "approved",
  "section.requestChanges": "changes_requested",
} as const satisfies Record<string, SectionStatus>;
