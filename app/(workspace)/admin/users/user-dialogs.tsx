"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent, type ReactNode } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { roles, type Role } from "@/server/policy";
import { useErrorText } from "../../_components/error-text";
import { Field } from "../../_components/field";
import { Modal } from "../../_components/modal";
import type { RouterOutputs } from "../../_components/types";

export type UserRow = RouterOutputs["user"]["list"][number];
type Department = RouterOutputs["department"]["list"][number];

/** "张磊（kjj）": how dialogs and messages name an account. */
export function useUserName() {
  const t = useTranslations("common");
  return (user: UserRow) => t("nameWithUsername", { displayName: user.displayName, username: user.username });
}

function useInvalidateUsers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.user.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.department.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
    ]);
}

function DialogActions({ onCancel, children }: { onCancel: () => void; children: ReactNode }) {
  const t = useTranslations("common");
  return (
    <div className="modal-actions">
      <button type="button" className="button" onClick={onCancel}>
        {t("cancel")}
      </button>
      {children}
    </div>
  );
}

/** A destructive action that asks first; the cancel button comes first and takes the initial focus. */
function ConfirmDialog({
  title,
  body,
  confirmLabel,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  pending: boolean;
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const t = useTranslations("common");
  return (
    <Modal title={title} onClose={onClose}>
      <p>{body}</p>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      <DialogActions onCancel={onClose}>
        <button type="button" className="button button-danger-solid" onClick={onConfirm} disabled={pending} aria-busy={pending}>
          {pending ? t("working") : confirmLabel}
        </button>
      </DialogActions>
    </Modal>
  );
}

type DialogProps = { user: UserRow; onClose: () => void; onDone: (message: string) => void };

export function DisableUserDialog({ user, onClose, onDone }: DialogProps) {
  const t = useTranslations("users.disable");
  const nameOf = useUserName();
  const errorText = useErrorText();
  const trpc = useTRPC();
  const invalidate = useInvalidateUsers();
  const disable = useMutation(
    trpc.user.disable.mutationOptions({
      onSuccess: async () => {
        onDone(t("done", { name: nameOf(user) }));
        await invalidate();
      },
    }),
  );
  return (
    <ConfirmDialog
      title={t("title")}
      body={t("body", { name: nameOf(user) })}
      confirmLabel={t("confirm")}
      pending={disable.isPending}
      error={disable.error ? errorText.describe(disable.error) : null}
      onConfirm={() => disable.mutate({ userId: user.id, disabled: true })}
      onClose={onClose}
    />
  );
}

export function ForceLogoutDialog({ user, onClose, onDone }: DialogProps) {
  const t = useTranslations("users.forceLogout");
  const nameOf = useUserName();
  const errorText = useErrorText();
  const trpc = useTRPC();
  const forceLogout = useMutation(
    trpc.user.forceLogout.mutationOptions({
      onSuccess: () => onDone(t("done", { name: nameOf(user) })),
    }),
  );
  return (
    <ConfirmDialog
      title={t("title")}
      body={t("body", { name: nameOf(user) })}
      confirmLabel={t("confirm")}
      pending={forceLogout.isPending}
      error={forceLogout.error ? errorText.describe(forceLogout.error) : null}
      onConfirm={() => forceLogout.mutate({ userId: user.id })}
      onClose={onClose}
    />
  );
}

export function ResetPasswordDialog({ user, passwordMinLength, onClose, onDone }: DialogProps & { passwordMinLength: number }) {
  const t = useTranslations("users.resetPassword");
  const tCommon = useTranslations("common");
  const tFields = useTranslations("errors.fields");
  const nameOf = useUserName();
  const errorText = useErrorText();
  const trpc = useTRPC();
  const [missing, setMissing] = useState<string | undefined>();
  const reset = useMutation(
    trpc.user.resetPassword.mutationOptions({
      onSuccess: () => onDone(t("done", { name: nameOf(user) })),
    }),
  );
  const passwordError = missing ?? (reset.error ? errorText.fieldErrors(reset.error).newPassword : undefined);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = String(new FormData(event.currentTarget).get("newPassword") ?? "");
    reset.reset();
    setMissing(newPassword ? undefined : tFields("required"));
    if (newPassword) reset.mutate({ userId: user.id, newPassword });
  }

  return (
    <Modal title={t("title", { name: nameOf(user) })} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        <p>{t("body")}</p>
        {reset.isError && !passwordError && (
          <div className="alert alert-error" role="alert">
            {errorText.describe(reset.error, ["newPassword"])}
          </div>
        )}
        <Field label={t("newPassword")} hint={t("hint", { min: passwordMinLength })} error={passwordError}>
          {(control) => <input {...control} name="newPassword" type="password" autoComplete="new-password" required maxLength={128} />}
        </Field>
        <DialogActions onCancel={onClose}>
          <button type="submit" className="button button-danger-solid" disabled={reset.isPending} aria-busy={reset.isPending}>
            {reset.isPending ? tCommon("working") : t("confirm")}
          </button>
        </DialogActions>
      </form>
    </Modal>
  );
}

/** Change an account's display name, role and department. */
export function EditUserDialog({ user, departments, onClose, onDone }: DialogProps & { departments: Department[] }) {
  const t = useTranslations("users.edit");
  const tCommon = useTranslations("common");
  const tRoles = useTranslations("roles");
  const nameOf = useUserName();
  const errorText = useErrorText();
  const trpc = useTRPC();
  const invalidate = useInvalidateUsers();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [departmentId, setDepartmentId] = useState(user.department.id);
  const update = useMutation(
    trpc.user.update.mutationOptions({
      onSuccess: async (result) => {
        onDone(result.changed ? t("done", { name: nameOf(user) }) : t("unchanged", { name: nameOf(user) }));
        await invalidate();
      },
    }),
  );
  const errors = update.error ? errorText.fieldErrors(update.error) : {};

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ userId: user.id, displayName, role, departmentId });
  }

  return (
    <Modal title={t("title", { name: nameOf(user) })} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate>
        {update.isError && (
          <div className="alert alert-error" role="alert">
            {errorText.describe(update.error, ["displayName", "role", "departmentId"])}
          </div>
        )}
        <Field label={t("displayName")} error={errors.displayName}>
          {(control) => <input {...control} value={displayName} onChange={(event) => setDisplayName(event.target.value)} required maxLength={64} />}
        </Field>
        <Field label={t("role")} error={errors.role}>
          {(control) => (
            <select {...control} value={role} onChange={(event) => setRole(event.target.value as Role)}>
              {roles.map((option) => (
                <option key={option} value={option}>
                  {tRoles(option)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("department")} error={errors.departmentId}>
          {(control) => (
            <select {...control} value={departmentId} onChange={(event) => setDepartmentId(event.target.value)}>
              {departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {user.isSelf && <p className="field-hint">{t("selfHint")}</p>}
        <DialogActions onCancel={onClose}>
          <button type="submit" className="button button-primary" disabled={update.isPending} aria-busy={update.isPending}>
            {update.isPending ? tCommon("saving") : tCommon("save")}
          </button>
        </DialogActions>
      </form>
    </Modal>
  );
}
