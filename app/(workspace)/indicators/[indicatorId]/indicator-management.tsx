"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorCodeOf, useTRPC } from "@/app/_components/trpc";
import { useErrorText } from "../../_components/error-text";
import type { Notice } from "../../_components/feedback";
import { RegistryEntryActions } from "../../_components/registry-entry-actions";
import type { RouterOutputs } from "../../_components/types";

type Indicator = RouterOutputs["indicator"]["get"];

/** For editors of the owner department and admins: edit, archive or unarchive, delete (refused while cited). */
export function IndicatorManagement({ indicator, onEdit, onNotice }: { indicator: Indicator; onEdit: () => void; onNotice: (notice: Notice) => void }) {
  const t = useTranslations("indicators.detail");
  const errorText = useErrorText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const invalidate = () => queryClient.invalidateQueries(trpc.indicator.pathFilter());

  const archive = useMutation(
    trpc.indicator.setArchived.mutationOptions({
      onSuccess: async (_result, input) => {
        setConfirmingDelete(false);
        onNotice({ tone: "success", text: t(input.archived ? "archivedNotice" : "unarchivedNotice", { name: indicator.name }) });
        await invalidate();
      },
      onError: (error) => onNotice({ tone: "error", text: t("actionFailed", { reason: errorText.describe(error) }) }),
    }),
  );
  const remove = useMutation(
    trpc.indicator.delete.mutationOptions({
      onSuccess: async () => {
        queryClient.removeQueries({ queryKey: trpc.indicator.get.queryKey({ indicatorId: indicator.id }) });
        await queryClient.invalidateQueries(trpc.indicator.list.pathFilter());
        router.push(`/indicators?deleted=${encodeURIComponent(indicator.name)}`);
      },
      // Refused because sections cite it: reload them to list who cites it now.
      onError: (error) => {
        if (errorCodeOf(error) === "CONFLICT") void invalidate();
      },
    }),
  );
  const refusedAsCited = remove.isError && errorCodeOf(remove.error) === "CONFLICT";

  return (
    <section className="card" aria-labelledby="indicator-manage">
      <h2 id="indicator-manage" className="card-title">
        {t("manage")}
      </h2>
      <RegistryEntryActions
        namespace="indicators.detail"
        entry={indicator}
        onEdit={onEdit}
        onSetArchived={(archived) => archive.mutate({ indicatorId: indicator.id, archived })}
        archivePending={archive.isPending}
        confirmingDelete={confirmingDelete}
        onConfirmingDeleteChange={setConfirmingDelete}
        removal={{
          pending: remove.isPending,
          failed: remove.isError,
          error: remove.error,
          refusedAsCited,
          reset: remove.reset,
          confirm: () => remove.mutate({ indicatorId: indicator.id }),
        }}
      />
    </section>
  );
}
