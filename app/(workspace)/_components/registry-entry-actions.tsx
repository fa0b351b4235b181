"use client";

import { useTranslations } from "next-intl";
import { CitedByList } from "./cited-by-list";
import { ConfirmDialog } from "./confirm-dialog";
import { useErrorText } from "./error-text";
import type { RouterOutputs } from "./types";

type CitingSection = RouterOutputs["project"]["get"]["citedBy"][number];

/**
 * Edit / archive / delete of one project or indicator, for those who may change it. Deleting asks
 * first; when the server refuses because sections cite the entry, the dialog lists them and offers
 * to archive instead. The owner keeps the mutations; this is their shared face.
 */
export function RegistryEntryActions({
  namespace,
  entry,
  onEdit,
  onSetArchived,
  archivePending,
  confirmingDelete,
  onConfirmingDeleteChange,
  removal,
}: {
  /** Messages of the detail page: "projects.detail" or "indicators.detail". */
  namespace: "projects.detail" | "indicators.detail";
  entry: { name: string; archived: boolean; citedBy: CitingSection[] };
  onEdit: () => void;
  onSetArchived: (archived: boolean) => void;
  archivePending: boolean;
  confirmingDelete: boolean;
  onConfirmingDeleteChange: (open: boolean) => void;
  removal: { pending: boolean; failed: boolean; error: unknown; refusedAsCited: boolean; reset: () => void; confirm: () => void };
}) {
  const t = useTranslations(namespace);
  const errorText = useErrorText();
  return (
    <>
      <div className="manage-actions" role="group" aria-label={t("actionsLabel")}>
        <button type="button" className="button" onClick={onEdit}>
          {t("edit")}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => onSetArchived(!entry.archived)}
          disabled={archivePending}
          aria-busy={archivePending}
        >
          {entry.archived ? t("unarchive") : t("archive")}
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={() => {
            removal.reset();
            onConfirmingDeleteChange(true);
          }}
        >
          {t("delete")}
        </button>
      </div>

      {confirmingDelete && (
        <ConfirmDialog
          title={t("deleteTitle")}
          body={t("deleteBody", { name: entry.name })}
          confirmLabel={t("deleteConfirm")}
          pending={removal.pending}
          error={removal.failed && (removal.refusedAsCited ? t("deleteRefused", { count: entry.citedBy.length }) : errorText.describe(removal.error))}
          onConfirm={removal.confirm}
          onClose={() => onConfirmingDeleteChange(false)}
          refused={removal.refusedAsCited}
        >
          {removal.refusedAsCited && (
            <div className="dialog-extra">
              <CitedByList sections={entry.citedBy} emptyText={t("deleteRefusedNoneNow")} />
              {!entry.archived && (
                <>
                  <p>{t("archiveInsteadHint")}</p>
                  <button
                    type="button"
                    className="button button-primary"
                    // The delete button has just gone; the way forward takes the focus.
                    autoFocus
                    onClick={() => onSetArchived(true)}
                    disabled={archivePending}
                    aria-busy={archivePending}
                  >
                    {t("archiveInstead")}
                  </button>
                </>
              )}
            </div>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}
