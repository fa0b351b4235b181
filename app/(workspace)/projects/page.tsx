import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProjectsTable } from "./projects-table";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("projects");
  return { title: t("title") };
}

export default function ProjectsPage() {
  return <ProjectsTable />;
}
