import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProjectDetail } from "./project-detail";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("projects.detail");
  return { title: t("pageTitle") };
}

/** `?created=1`: set by 新建项目 after saving, shown as a notice. */
export default async function ProjectPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ created?: string | string[] }>;
}) {
  const [{ projectId }, { created }] = await Promise.all([params, searchParams]);
  return <ProjectDetail projectId={projectId} justCreated={created === "1"} />;
}
