"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { roles, type Role } from "@/server/policy";
import { useErrorText } from "../../_components/error-text";
import { EmptyState, ErrorState, LoadingState, NoticeRegion, type Notice } from "../../_components/feedback";
import { useDebouncedValue } from "../../_components/use-debounced-value";
import { CreateUserForm } from "./user-create-form";
import { DisableUserDialog, EditUserDialog, ForceLogoutDialog, ResetPasswordDialog, useUserName, type UserRow } from "./user-dialogs";

type OpenDialog = { kind: "edit" | "resetPassword" | "disable" | "forceLogout"; user: UserRow } | null;

/** 用户管理: search and filter accounts, create them, and change, disable, reset or log out each one. */
export function UsersAdmin({ passwordMinLength }: { passwordMinLength: number }) {
  const t = useTranslations("users");
  const tRoles = useTranslations("roles");
  const errorText = useErrorText();
  const nameOf = useUserName();
  const trpc = useTRPC();
  const queryClient = useQueryClient();

  const [search, setSearch] = useState("");
  const [role, setRole] = useState<Role | "">("");
  const [departmentId, setDepartmentId] = useState("");
  const debouncedSearch = useDebouncedValue(search.trim(), 300);
  const filtering = Boolean(debouncedSearch || role || departmentId);

  const users = useQuery({
    ...trpc.user.list.queryOptions({
      ...(debouncedSearch ? { search: debouncedSearch } : {}),
      ...(role ? { role } : {}),
      ...(departmentId ? { departmentId } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  const departments = useQuery(trpc.department.list.queryOptions());

  const [notice, setNotice] = useState<Notice>(null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const done = (text: string) => {
    setDialog(null);
    setNotice({ tone: "success", text });
  };

  const enable = useMutation(trpc.user.disable.mutationOptions());
  function enableUser(user: UserRow) {
    setNotice(null);
    enable.mutate(
      { userId: user.id, disabled: false },
      {
        onSuccess: async () => {
          setNotice({ tone: "success", text: t("enable.done", { name: nameOf(user) }) });
          await queryClient.invalidateQueries({ queryKey: trpc.user.list.queryKey() });
        },
        onError: (error) => setNotice({ tone: "error", text: t("enable.failed", { name: nameOf(user), reason: errorText.describe(error) }) }),
      },
    );
  }

  function clearFilters() {
    setSearch("");
    setRole("");
    setDepartmentId("");
  }

  let list;
  if (users.isPending) list = <LoadingState />;
  else if (users.isError) list = <ErrorState title={t("loadFailed")} error={users.error} onRetry={() => void users.refetch()} />;
  else if (users.data.length === 0)
    list = (
      <EmptyState title={filtering ? t("noMatchesTitle") : t("emptyTitle")}>
        <p>{filtering ? t("noMatchesBody") : t("emptyBody")}</p>
        {filtering && (
          <button type="button" className="button" onClick={clearFilters}>
            {t("filters.clear")}
          </button>
        )}
      </EmptyState>
    );
  else
    list = (
      <div className="table-scroll" role="region" aria-labelledby="users-heading" tabIndex={0} aria-busy={users.isFetching}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("columns.username")}</th>
              <th scope="col">{t("columns.displayName")}</th>
              <th scope="col">{t("columns.role")}</th>
              <th scope="col">{t("columns.department")}</th>
              <th scope="col">{t("columns.status")}</th>
              <th scope="col">{t("columns.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <tr key={user.id} data-testid="user-row" className={user.disabled ? "row-disabled" : undefined}>
                <th scope="row" className="row-title">
                  <span className="mono">{user.username}</span>
                  {user.isSelf && <span className="tag">{t("self")}</span>}
                </th>
                <td>{user.displayName}</td>
                <td>{tRoles(user.role)}</td>
                <td>{user.department.name}</td>
                <td>
                  <span className={user.disabled ? "badge badge-user-disabled" : "badge badge-user-active"}>
                    {user.disabled ? t("status.disabled") : t("status.active")}
                  </span>
                </td>
                <td>
                  <div className="row-actions" role="group" aria-label={t("actionsFor", { name: nameOf(user) })}>
                    <button type="button" className="button button-small" disabled={!departments.data} onClick={() => setDialog({ kind: "edit", user })}>
                      {t("actions.edit")}
                    </button>
                    <button type="button" className="button button-small" onClick={() => setDialog({ kind: "resetPassword", user })}>
                      {t("actions.resetPassword")}
                    </button>
                    {!user.isSelf && !user.disabled && (
                      <button type="button" className="button button-small" onClick={() => setDialog({ kind: "forceLogout", user })}>
                        {t("actions.forceLogout")}
                      </button>
                    )}
                    {user.disabled ? (
                      <button
                        type="button"
                        className="button button-small"
                        disabled={enable.isPending && enable.variables?.userId === user.id}
                        onClick={() => enableUser(user)}
                      >
                        {t("actions.enable")}
                      </button>
                    ) : (
                      !user.isSelf && (
                        <button type="button" className="button button-small button-danger" onClick={() => setDialog({ kind: "disable", user })}>
                          {t("actions.disable")}
                        </button>
                      )
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );

  return (
    <div className="page">
      <header className="page-header">
        <h1 className="page-title">{t("title")}</h1>
        <p className="page-intro">{t("intro")}</p>
      </header>
      <NoticeRegion notice={notice} onDismiss={() => setNotice(null)} />

      <section className="card" aria-labelledby="create-user-heading">
        <h2 id="create-user-heading" className="card-title">
          {t("create.title")}
        </h2>
        <CreateUserForm
          departments={departments.data}
          passwordMinLength={passwordMinLength}
          onCreated={(text) => setNotice({ tone: "success", text })}
        />
      </section>

      <section className="card" aria-labelledby="users-heading">
        <h2 id="users-heading" className="card-title">
          {t("listTitle")}
        </h2>
        <div className="filters" role="search" aria-label={t("filters.label")}>
          <div className="field">
            <label htmlFor="user-search">{t("filters.search")}</label>
            <input
              id="user-search"
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder={t("filters.searchPlaceholder")}
              maxLength={100}
            />
          </div>
          <div className="field">
            <label htmlFor="user-role-filter">{t("filters.role")}</label>
            <select id="user-role-filter" value={role} onChange={(event) => setRole(event.target.value as Role | "")}>
              <option value="">{t("filters.all")}</option>
              {roles.map((option) => (
                <option key={option} value={option}>
                  {tRoles(option)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="user-department-filter">{t("filters.department")}</label>
            <select id="user-department-filter" value={departmentId} onChange={(event) => setDepartmentId(event.target.value)}>
              <option value="">{t("filters.all")}</option>
              {departments.data?.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p className="result-count" role="status">
          {users.data && t("count", { count: users.data.length })}
        </p>
        {list}
      </section>

      {dialog?.kind === "edit" && departments.data && (
        <EditUserDialog user={dialog.user} departments={departments.data} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === "resetPassword" && (
        <ResetPasswordDialog user={dialog.user} passwordMinLength={passwordMinLength} onClose={() => setDialog(null)} onDone={done} />
      )}
      {dialog?.kind === "disable" && <DisableUserDialog user={dialog.user} onClose={() => setDialog(null)} onDone={done} />}
      {dialog?.kind === "forceLogout" && <ForceLogoutDialog user={dialog.user} onClose={() => setDialog(null)} onDone={done} />}
    </div>
  );
}
