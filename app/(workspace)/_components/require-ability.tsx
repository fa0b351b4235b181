"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";
import { useTRPC } from "@/app/_components/trpc";
import type { RouterOutputs } from "./types";
import { EmptyState, ErrorState, LoadingState } from "./feedback";

type Ability = keyof RouterOutputs["auth"]["me"]["abilities"];

type Me = RouterOutputs["auth"]["me"];

/**
 * Renders a page only for callers the server says may use it; others get an explanation instead
 * (the admin pages' by default, or the page's own `denied` text).
 */
export function RequireAbility({
  ability,
  denied,
  children,
}: {
  ability: Ability;
  denied?: { title: string; body: string };
  children: ReactNode | ((me: Me) => ReactNode);
}) {
  const t = useTranslations("access");
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (me.isPending) return <LoadingState />;
  if (me.isError) return <ErrorState title={t("checkFailed")} error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data.abilities[ability]) {
    return (
      <div className="page">
        <EmptyState title={denied?.title ?? t("deniedTitle")}>
          <p>{denied?.body ?? t("deniedBody")}</p>
          <Link href="/" className="button">
            {t("backHome")}
          </Link>
        </EmptyState>
      </div>
    );
  }
  return typeof children === "function" ? children(me.data) : children;
}
