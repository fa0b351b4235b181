import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SearchResults } from "./search-results";

export async function generateMetadata({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }): Promise<Metadata> {
  const t = await getTranslations("search");
  const { q } = await searchParams;
  return { title: typeof q === "string" && q.trim() ? t("resultsTitle", { q: q.trim().slice(0, 100) }) : t("pageTitle") };
}

/** `/search?q=…`: the results of the header's search box. */
export default async function SearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const { q } = await searchParams;
  return <SearchResults query={typeof q === "string" ? q.trim().slice(0, 100) : ""} />;
}
