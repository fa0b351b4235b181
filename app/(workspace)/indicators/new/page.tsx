import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NewIndicator } from "./new-indicator";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("indicators.form");
  return { title: t("createTitle") };
}

export default function NewIndicatorPage() {
  return <NewIndicator />;
}
