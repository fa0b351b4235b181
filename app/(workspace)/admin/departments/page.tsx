import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DepartmentsAdmin } from "./departments-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("departments");
  return { title: t("title") };
}

export default function DepartmentsPage() {
  return <DepartmentsAdmin />;
}
