import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { IndicatorsTable } from "./indicators-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("indicators");
  return { title: t("title") };
}

export default function IndicatorsPage() {
  return <IndicatorsTable />;
}
