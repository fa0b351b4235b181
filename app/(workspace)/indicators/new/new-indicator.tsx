"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/app/_components/trpc";
import { EmptyState, ErrorState, LoadingState } from "../../_components/feedback";
import { useRegistryAbilities } from "../../_components/registry-abilities";
import { IndicatorForm, useIndicatorFormOptions } from "../indicator-form";

/** 新建指标: the indicator form for editors (their own department) and admins. */
export function NewIndicator() {
  const t = useTranslations("indicators");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const abilities = useRegistryAbilities();
  const options = useIndicatorFormOptions();
  const create = useMutation(
    trpc.indicator.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries(trpc.indicator.pathFilter());
        router.push(`/indicators/${id}?created=1`);
      },
    }),
  );

  let body;
  if (!abilities.me || (!options.departments && !options.error)) body = <LoadingState />;
  else if (!abilities.canWriteIndicators)
    body = (
      <EmptyState title={t("form.deniedTitle")}>
        <p>{t("form.deniedBody")}</p>
        <Link href="/indicators" className="button">
          {t("detail.backToList")}
        </Link>
      </EmptyState>
    );
  else if (!options.departments) body = <ErrorState title={t("form.departmentsFailed")} error={options.error} onRetry={options.refetch} />;
  else
    body = (
      <IndicatorForm
        departments={options.departments}
        defaultDepartmentId={options.defaultDepartmentId}
        categories={options.categories}
        submitLabel={t("form.submitCreate")}
        pending={create.isPending}
        error={create.error}
        onSubmit={(fields) => create.mutate({ fields })}
        onCancel={() => router.push("/indicators")}
      />
    );

  return (
    <div className="page">
      <nav aria-label={t("detail.breadcrumb")} className="breadcrumb">
        <Link href="/indicators">{t("title")}</Link>
      </nav>
      <header className="page-header">
        <h1 className="page-title">{t("form.createTitle")}</h1>
        <p className="page-intro">{t("form.createIntro")}</p>
      </header>
      <section className="card">{body}</section>
    </div>
  );
}
