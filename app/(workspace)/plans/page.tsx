import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PlanList } from "./plan-list";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("planList");
  return { title: t("title") };
}

export default function PlansPage() {
  return <PlanList />;
}
