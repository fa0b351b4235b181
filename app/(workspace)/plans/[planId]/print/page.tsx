import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PrintView } from "./print-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("print");
  return { title: t("pageTitle") };
}

/** /plans/<planId>/print[?approved=1][&section=<sectionId>]: the plan in the official layout, for printing or PDF. */
export default async function PrintPage({
  params,
  searchParams,
}: {
  params: Promise<{ planId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { planId } = await params;
  const query = await searchParams;
  const approved = query.approved === "1" || query.approved === "true";
  const sectionId = typeof query.section === "string" && query.section ? query.section : null;
  return <PrintView planId={planId} approved={approved} sectionId={sectionId} />;
}
