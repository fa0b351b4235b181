import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NewProject } from "./new-project";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("projects.form");
  return { title: t("createTitle") };
}

export default function NewProjectPage() {
  return <NewProject />;
}
