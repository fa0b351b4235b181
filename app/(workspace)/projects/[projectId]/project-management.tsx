"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorCodeOf, useTRPC } from "@/app/_components/trpc";
import { useErrorText } from "../../_components/error-text";
import type { Notice } from "../../_components/feedback";
import { RegistryEntryActions } from "../../_components/registry-entry-actions";
import type { RouterOutputs } from "../../_components/types";
import { projectStatuses, type ProjectStatus } from "../project-format";

type Project = RouterOutputs["project"]["get"];

/**
 * For editors of the owner department and admins: change the status quickly (recorded in the
 * history), edit, archive or unarchive, and delete (refused while sections cite the project).
 */
export function ProjectManagement({ project, onEdit, onNotice }: { project: Project; onEdit: () => void; onNotice: (notice: Notice) => void }) {
  const t = useTranslations("projects.detail");
  const tStatus = useTranslations("projects.status");
  const errorText = useErrorText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [status, setStatus] = useState<ProjectStatus>(project.status);
  // Follows the saved status when it changes (here or, live, elsewhere).
  const [savedStatus, setSavedStatus] = useState(project.status);
  if (savedStatus !== project.status) {
    setSavedStatus(project.status);
    setStatus(project.status);
  }
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const invalidate = () => queryClient.invalidateQueries(trpc.project.pathFilter());

  const changeStatus = useMutation(
    trpc.project.update.mutationOptions({
      onSuccess: async (_result, input) => {
        onNotice({ tone: "success", text: t("statusSaved", { status: tStatus(input.fields.status!) }) });
        await invalidate();
      },
      onError: (error) => onNotice({ tone: "error", text: t("actionFailed", { reason: errorText.describe(error) }) }),
    }),
  );
  const archive = useMutation(
    trpc.project.setArchived.mutationOptions({
      onSuccess: async (_result, input) => {
        setConfirmingDelete(false);
        onNotice({ tone: "success", text: t(input.archived ? "archivedNotice" : "unarchivedNotice", { name: project.name }) });
        await invalidate();
      },
      onError: (error) => onNotice({ tone: "error", text: t("actionFailed", { reason: errorText.describe(error) }) }),
    }),
  );
  const remove = useMutation(
    trpc.project.delete.mutationOptions({
      onSuccess: async () => {
        queryClient.removeQueries({ queryKey: trpc.project.get.queryKey({ projectId: project.id }) });
        await queryClient.invalidateQueries(trpc.project.list.pathFilter());
        router.push(`/projects?deleted=${encodeURIComponent(project.name)}`);
      },
      // A refusal because sections cite the project: reload them to list who cites it now.
      onError: (error) => {
        if (errorCodeOf(error) === "CONFLICT") void invalidate();
      },
    }),
  );
  const refusedAsCited = remove.isError && errorCodeOf(remove.error) === "CONFLICT";

  function saveStatus(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (status === project.status) {
      onNotice({ tone: "success", text: t("statusUnchanged") });
      return;
    }
    changeStatus.mutate({ projectId: project.id, fields: { status } });
  }

  return (
    <section className="card" aria-labelledby="project-manage">
      <h2 id="project-manage" className="card-title">
        {t("manage")}
      </h2>
      <form className="quick-status" onSubmit={saveStatus}>
        <label htmlFor="project-quick-status">{t("quickStatus")}</label>
        <div className="quick-status-row">
          <select id="project-quick-status" value={status} onChange={(event) => setStatus(event.target.value as ProjectStatus)}>
            {projectStatuses.map((option) => (
              <option key={option} value={option}>
                {tStatus(option)}
              </option>
            ))}
          </select>
          <button type="submit" className="button button-primary" disabled={changeStatus.isPending} aria-busy={changeStatus.isPending}>
            {changeStatus.isPending ? t("saving") : t("saveStatus")}
          </button>
        </div>
        <p className="field-hint">{t("quickStatusHint")}</p>
      </form>
      <RegistryEntryActions
        namespace="projects.detail"
        entry={project}
        onEdit={onEdit}
        onSetArchived={(archived) => archive.mutate({ projectId: project.id, archived })}
        archivePending={archive.isPending}
        confirmingDelete={confirmingDelete}
        onConfirmingDeleteChange={setConfirmingDelete}
        removal={{
          pending: remove.isPending,
          failed: remove.isError,
          error: remove.error,
          refusedAsCited,
          reset: remove.reset,
          confirm: () => remove.mutate({ projectId: project.id }),
        }}
      />
    </section>
  );
}
