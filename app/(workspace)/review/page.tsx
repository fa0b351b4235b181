import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ReviewWorkspace } from "./review-workspace";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("review");
  return { title: t("title") };
}

/** The leaders' review workspace; `?section=<id>` opens one section (links from the plan and notifications). */
export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ section?: string | string[] }> }) {
  const { section } = await searchParams;
  return <ReviewWorkspace requestedSectionId={typeof section === "string" ? section : null} />;
}
