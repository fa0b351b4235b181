import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ConsistencyView } from "./consistency-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("consistency");
  return { title: t("pageTitle") };
}

export default async function PlanConsistencyPage({ params }: { params: Promise<{ planId: string }> }) {
  const { planId } = await params;
  return <ConsistencyView planId={planId} />;
}
