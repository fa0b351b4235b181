import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { IndicatorDetail } from "./indicator-detail";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("indicators.detail");
  return { title: t("pageTitle") };
}

/** `?created=1`: set by 新建指标 after saving, shown as a notice. */
export default async function IndicatorPage({
  params,
  searchParams,
}: {
  params: Promise<{ indicatorId: string }>;
  searchParams: Promise<{ created?: string | string[] }>;
}) {
  const [{ indicatorId }, { created }] = await Promise.all([params, searchParams]);
  return <IndicatorDetail indicatorId={indicatorId} justCreated={created === "1"} />;
}
