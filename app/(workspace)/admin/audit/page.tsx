import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RequireAbility } from "../../_components/require-ability";
import { AuditLog } from "./audit-log";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("audit");
  return { title: t("title") };
}

export default function AuditPage() {
  return (
    <RequireAbility ability="canReadAudit">
      <AuditLog />
    </RequireAbility>
  );
}
