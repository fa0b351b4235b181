import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProjectsRegistry } from "./projects-registry";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("projects");
  return { title: t("title") };
}

/** `?deleted=<name>`: set by the detail page after a deletion, shown as a notice here. */
export default async function ProjectsPage({ searchParams }: { searchParams: Promise<{ deleted?: string | string[] }> }) {
  const { deleted } = await searchParams;
  return <ProjectsRegistry deletedName={typeof deleted === "string" ? deleted.slice(0, 200) : undefined} />;
}
