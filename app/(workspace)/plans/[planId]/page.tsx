import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PlanView } from "./plan-view";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("plan");
  return { title: t("pageTitle") };
}

export default async function PlanPage({ params }: { params: Promise<{ planId: string }> }) {
  const { planId } = await params;
  return <PlanView planId={planId} />;
}
