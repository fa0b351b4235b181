"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { errorCodeOf, useTRPC } from "@/app/_components/trpc";
import { CitedByList } from "../../_components/cited-by-list";
import { EmptyState, ErrorState, LoadingState, NoticeRegion, type Notice } from "../../_components/feedback";
import type { RouterOutputs } from "../../_components/types";
import { useLiveRegistry } from "../../_components/use-live-registry";
import { useProjectFormat } from "../project-format";
import { ProjectForm, useProjectFormOptions } from "../project-form";
import { ProjectManagement } from "./project-management";

type Project = RouterOutputs["project"]["get"];

/** One project: its facts, key figures, milestones, status history and the sections citing it. */
export function ProjectDetail({ projectId, justCreated }: { projectId: string; justCreated: boolean }) {
  const t = useTranslations("projects");
  const trpc = useTRPC();
  const router = useRouter();
  useLiveRegistry();
  const project = useQuery(trpc.project.get.queryOptions({ projectId }));
  const [notice, setNotice] = useState<Notice>(justCreated ? { tone: "success", text: t("detail.created") } : null);
  const [editing, setEditing] = useState(false);

  const dismissNotice = () => {
    setNotice(null);
    if (justCreated) router.replace(`/projects/${projectId}`, { scroll: false });
  };
  const breadcrumb = (
    <nav aria-label={t("detail.breadcrumb")} className="breadcrumb">
      <Link href="/projects">{t("title")}</Link>
    </nav>
  );

  if (project.isPending)
    return (
      <div className="page">
        {breadcrumb}
        <LoadingState />
      </div>
    );
  if (project.isError) {
    const code = errorCodeOf(project.error);
    return (
      <div className="page">
        {breadcrumb}
        {code === "NOT_FOUND" || code === "BAD_REQUEST" ? (
          <EmptyState title={t("detail.notFoundTitle")}>
            <p>{t("detail.notFoundBody")}</p>
            <Link href="/projects" className="button">
              {t("detail.backToList")}
            </Link>
          </EmptyState>
        ) : (
          <ErrorState title={t("detail.loadFailed")} error={project.error} onRetry={() => void project.refetch()} />
        )}
      </div>
    );
  }

  const data = project.data;
  return (
    <div className="page">
      {breadcrumb}
      <header className="page-header">
        <h1 className="page-title">
          {data.name}
          {data.archived && <span className="tag">{t("archivedTag")}</span>}
        </h1>
        <p className="detail-meta">
          <span className={`badge badge-project-${data.status}`}>{t(`status.${data.status}`)}</span>
          <span>{data.category}</span>
          <span>{t("detail.ownedBy", { department: data.ownerDepartment.name })}</span>
        </p>
      </header>
      <NoticeRegion notice={notice} onDismiss={dismissNotice} />
      {data.archived && <p className="alert alert-info">{t("detail.archivedBanner")}</p>}

      {editing ? (
        <EditProject
          project={data}
          onDone={() => {
            setEditing(false);
            setNotice({ tone: "success", text: t("detail.saved") });
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div className="detail-layout">
          <div className="detail-main">
            <ProjectOverview project={data} />
            <KeyFigures project={data} />
            <Milestones project={data} />
          </div>
          <div className="detail-side">
            {data.canEdit ? (
              <ProjectManagement project={data} onEdit={() => setEditing(true)} onNotice={setNotice} />
            ) : (
              <p className="muted detail-read-only">{t("detail.readOnly", { department: data.ownerDepartment.name })}</p>
            )}
            <section className="card" aria-labelledby="project-cited-by">
              <h2 id="project-cited-by" className="card-title">
                {t("detail.citedBy")}
              </h2>
              <CitedByList sections={data.citedBy} emptyText={t("detail.citedByEmpty")} />
            </section>
            <StatusHistory project={data} />
          </div>
        </div>
      )}
    </div>
  );
}

function ProjectOverview({ project }: { project: Project }) {
  const t = useTranslations("projects.detail");
  const tStatus = useTranslations("projects.status");
  const format = useProjectFormat();
  const notFilled = <span className="muted">{t("notFilled")}</span>;
  return (
    <section className="card" aria-labelledby="project-overview">
      <h2 id="project-overview" className="card-title">
        {t("overview")}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t("status")}</dt>
          <dd>{tStatus(project.status)}</dd>
        </div>
        <div>
          <dt>{t("owner")}</dt>
          <dd>{project.ownerDepartment.name}</dd>
        </div>
        <div>
          <dt>{t("category")}</dt>
          <dd>{project.category}</dd>
        </div>
        <div>
          <dt>{t("totalInvestment")}</dt>
          <dd>{project.totalInvestment === null ? notFilled : format.investment(project.totalInvestment)}</dd>
        </div>
        <div>
          <dt>{t("startDate")}</dt>
          <dd>{project.startDate ? format.date(project.startDate) : notFilled}</dd>
        </div>
        <div>
          <dt>{t("endDate")}</dt>
          <dd>{project.endDate ? format.date(project.endDate) : notFilled}</dd>
        </div>
        <div className="facts-wide">
          <dt>{t("location")}</dt>
          <dd>{project.location || notFilled}</dd>
        </div>
        <div className="facts-wide">
          <dt>{t("description")}</dt>
          <dd className="prose">{project.description || notFilled}</dd>
        </div>
      </dl>
    </section>
  );
}

function KeyFigures({ project }: { project: Project }) {
  const t = useTranslations("projects.detail");
  const format = useProjectFormat();
  return (
    <section className="card" aria-labelledby="project-figures">
      <h2 id="project-figures" className="card-title">
        {t("figures")}
      </h2>
      {project.figures.length === 0 ? (
        <p className="muted">{t("figuresEmpty")}</p>
      ) : (
        <dl className="figures">
          {project.figures.map((figure, index) => (
            <div key={`${figure.label}-${index}`} className="figure">
              <dt>{figure.label}</dt>
              <dd>
                <span className="figure-value">{format.number(figure.value)}</span>
                {figure.unit && <span className="figure-unit">{figure.unit}</span>}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

function Milestones({ project }: { project: Project }) {
  const t = useTranslations("projects.detail");
  const format = useProjectFormat();
  return (
    <section className="card" aria-labelledby="project-milestones">
      <h2 id="project-milestones" className="card-title">
        {t("milestones")}
      </h2>
      {project.milestones.length === 0 ? (
        <p className="muted">{t("milestonesEmpty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="project-milestones">
            <thead>
              <tr>
                <th scope="col">{t("milestoneColumns.title")}</th>
                <th scope="col">{t("milestoneColumns.dueDate")}</th>
                <th scope="col">{t("milestoneColumns.done")}</th>
              </tr>
            </thead>
            <tbody>
              {project.milestones.map((milestone) => (
                <tr key={milestone.id}>
                  <td>{milestone.title}</td>
                  <td className="nowrap">{milestone.dueDate ? format.date(milestone.dueDate) : <span className="muted">{t("noDueDate")}</span>}</td>
                  <td className="nowrap">
                    {milestone.done ? (
                      <span className="milestone-done">
                        <span aria-hidden="true">✓ </span>
                        {t("done")}
                      </span>
                    ) : (
                      <span className="muted">{t("notDone")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function StatusHistory({ project }: { project: Project }) {
  const t = useTranslations("projects.detail");
  const tStatus = useTranslations("projects.status");
  const format = useProjectFormat();
  return (
    <section className="card" aria-labelledby="project-history">
      <h2 id="project-history" className="card-title">
        {t("history")}
      </h2>
      {project.statusHistory.length === 0 ? (
        <p className="muted">{t("historyEmpty")}</p>
      ) : (
        <ol className="history-list">
          {project.statusHistory.map((change) => (
            <li key={change.id}>
              <p className="history-change">
                {change.fromStatus
                  ? t("historyChange", { from: tStatus(change.fromStatus), to: tStatus(change.toStatus) })
                  : t("historyCreated", { to: tStatus(change.toStatus) })}
              </p>
              <p className="history-meta">
                <span>{change.by ?? t("unknownUser")}</span>
                <time dateTime={change.at.toISOString()}>{format.dateTime(change.at)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** 编辑: the project form with the project's values; saving replaces the milestones too. */
function EditProject({ project, onDone, onCancel }: { project: Project; onDone: () => void; onCancel: () => void }) {
  const t = useTranslations("projects.form");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = useProjectFormOptions();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const update = useMutation(
    trpc.project.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.project.pathFilter());
        onDone();
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="edit-project-heading">
      <h2 id="edit-project-heading" ref={headingRef} tabIndex={-1} className="card-title">
        {t("editTitle")}
      </h2>
      {options.departments ? (
        <ProjectForm
          project={project}
          departments={options.departments}
          categories={options.categories}
          submitLabel={t("submitEdit")}
          pending={update.isPending}
          error={update.error}
          onSubmit={(input) => update.mutate({ projectId: project.id, ...input })}
          onCancel={onCancel}
        />
      ) : options.error ? (
        <ErrorState title={t("departmentsFailed")} error={options.error} onRetry={options.refetch} />
      ) : (
        <LoadingState />
      )}
    </section>
  );
}
