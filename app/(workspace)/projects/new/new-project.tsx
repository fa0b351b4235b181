"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/app/_components/trpc";
import { EmptyState, ErrorState, LoadingState } from "../../_components/feedback";
import { useRegistryAbilities } from "../../_components/registry-abilities";
import { ProjectForm, useProjectFormOptions } from "../project-form";

/** 新建项目: the project form for editors (their own department) and admins. */
export function NewProject() {
  const t = useTranslations("projects");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const abilities = useRegistryAbilities();
  const options = useProjectFormOptions();
  const create = useMutation(
    trpc.project.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries(trpc.project.pathFilter());
        router.push(`/projects/${id}?created=1`);
      },
    }),
  );

  let body;
  if (!abilities.me || (!options.departments && !options.error)) body = <LoadingState />;
  else if (!abilities.canWriteProjects)
    body = (
      <EmptyState title={t("form.deniedTitle")}>
        <p>{t("form.deniedBody")}</p>
        <Link href="/projects" className="button">
          {t("detail.backToList")}
        </Link>
      </EmptyState>
    );
  else if (!options.departments) body = <ErrorState title={t("form.departmentsFailed")} error={options.error} onRetry={options.refetch} />;
  else
    body = (
      <ProjectForm
        departments={options.departments}
        defaultDepartmentId={options.defaultDepartmentId}
        categories={options.categories}
        submitLabel={t("form.submitCreate")}
        pending={create.isPending}
        error={create.error}
        onSubmit={(input) => create.mutate(input)}
        onCancel={() => router.push("/projects")}
      />
    );

  return (
    <div className="page">
      <nav aria-label={t("detail.breadcrumb")} className="breadcrumb">
        <Link href="/projects">{t("title")}</Link>
      </nav>
      <header className="page-header">
        <h1 className="page-title">{t("form.createTitle")}</h1>
        <p className="page-intro">{t("form.createIntro")}</p>
      </header>
      <section className="card">{body}</section>
    </div>
  );
}
