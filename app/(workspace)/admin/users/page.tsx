import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PASSWORD_MIN_LENGTH } from "@/server/auth/password";
import { RequireAbility } from "../../_components/require-ability";
import { UsersAdmin } from "./users-admin";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("users");
  return { title: t("title") };
}

export default function UsersPage() {
  return (
    <RequireAbility ability="canManageUsers">
      <UsersAdmin passwordMinLength={PASSWORD_MIN_LENGTH} />
    </RequireAbility>
  );
}
