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
const onResource = (allow: (actor: Actor, resource: DepartmentOwned) => boolean) => ({
  scope: "resource" as const,
  allow,
});

const everyone = onRole(() => true);
const adminOnly = onRole((actor) => actor.role === "admin");
const editorsAndAdmins = onRole((actor) => actor.role === "admin" || actor.role === "editor");
const ownerDepartmentEditorOrAdmin = onResource(
  (actor, resource) =>
    actor.role === "admin" || (actor.role === "editor" && actor.departmentId === resource.ownerDepartmentId),
);

const rules: { [A in Action]: Rule<A> } = {
  "session.read": everyone,
  "account.changePassword": everyone,
  "plan.read": everyone,
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
export function sectionAbilities(actor: Actor, section: DepartmentOwned) {
  return {
    canEdit: can(actor, "section.edit", section),
    canManageOutline: can(actor, "section.manageOutline"),
  };
}
