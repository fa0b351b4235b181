import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RequireAbility } from "../../_components/require-ability";
import { type AuditSearchParams, auditFiltersOf } from "./audit-query";
import { AuditLog } from "./audit-log";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("audit");
  return { title: t("title") };
}

/** `?actor=&department=&type=&from=&to=`: the filters, so that a filtered view can be linked. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<AuditSearchParams> }) {
  const initialFilters = auditFiltersOf(await searchParams);
  return (
    <RequireAbility ability="canReadAudit">
      <AuditLog initialFilters={initialFilters} />
    </RequireAbility>
  );
}
