"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { type AppendixCell, hasAppendix, indicatorColumnWidths, indicatorRow, projectColumnWidths, projectRow, subtitleLines } from "@/lib/export/appendix";
import type { ExportModel, ExportNode } from "@/lib/export/document";
import { exportVocabulary as words } from "@/lib/export/vocabulary";
import { EmptyState, ErrorState, LoadingState } from "../../../_components/feedback";
import { DownloadStatus, planExportUrl, useFileDownload } from "../export-download";
import { printViewUrl } from "../export-menu";
import "./print.css";

const SAFE_LINK = /^(https?:|mailto:)/i;

/** Heading element for a depth in the document (the title is the h1). */
const headingTag = (depth: number) => (`h${Math.min(depth + 2, 6)}` as "h2" | "h3" | "h4" | "h5" | "h6");
const headingClass = (depth: number) => `gw-heading gw-heading-${Math.min(depth, 3) + 1}`;

function Text({ node }: { node: ExportNode }) {
  let content: ReactNode = node.text ?? "";
  for (const mark of node.marks ?? []) {
    if (mark.type === "bold") content = <strong>{content}</strong>;
    else if (mark.type === "italic") content = <em>{content}</em>;
    else if (mark.type === "underline") content = <u>{content}</u>;
    else if (mark.type === "strike") content = <s>{content}</s>;
    else if (mark.type === "code") content = <code>{content}</code>;
    else if (mark.type === "link" && typeof mark.attrs?.href === "string" && SAFE_LINK.test(mark.attrs.href)) content = <a href={mark.attrs.href}>{content}</a>;
  }
  return <>{content}</>;
}

function Inline({ nodes }: { nodes: ExportNode[] | undefined }) {
  return <>{(nodes ?? []).map((node, index) => (node.type === "hardBreak" ? <br key={index} /> : <Text key={index} node={node} />))}</>;
}

/** A list with the same written markers as the Word file (「1.」「●」), kept as a real list for screen readers. */
function List({ node, nested }: { node: ExportNode; nested: boolean }) {
  const ordered = node.type === "orderedList";
  const start = Number(node.attrs?.start ?? 1);
  const items = (node.content ?? []).map((item, index) => {
    const [first, ...rest] = item.content ?? [];
    const marker = ordered ? `${start + index}. ` : nested ? "○ " : "● ";
    return (
      <li key={index}>
        {first?.type === "paragraph" ? (
          <p className="gw-p">
            <span aria-hidden="true">{marker}</span>
            <Inline nodes={first.content} />
          </p>
        ) : (
          first && <Block node={first} nested={nested} />
        )}
        {rest.length > 0 && (
          <div className="gw-nested">
            {rest.map((child, childIndex) => (
              <Block key={childIndex} node={child} nested />
            ))}
          </div>
        )}
      </li>
    );
  });
  return ordered ? (
    <ol className="gw-list" start={start}>
      {items}
    </ol>
  ) : (
    <ul className="gw-list">{items}</ul>
  );
}

function Block({ node, nested = false }: { node: ExportNode; nested?: boolean }): ReactNode {
  const children = (node.content ?? []).map((child, index) => <Block key={index} node={child} nested={nested} />);
  switch (node.type) {
    case "doc":
      return <>{children}</>;
    case "paragraph":
      return (
        <p className="gw-p">
          <Inline nodes={node.content} />
        </p>
      );
    case "heading": {
      const depth = Number(node.attrs?.depth ?? 3);
      const Tag = headingTag(depth);
      return (
        <Tag className={headingClass(depth)}>
          {String(node.attrs?.number ?? "")}
          <Inline nodes={node.content} />
        </Tag>
      );
    }
    case "bulletList":
    case "orderedList":
      return <List node={node} nested={nested} />;
    case "blockquote":
      return <blockquote className="gw-quote">{children}</blockquote>;
    case "codeBlock":
      return <pre className="gw-code">{(node.content ?? []).map((child) => child.text ?? "").join("")}</pre>;
    case "horizontalRule":
      return <hr />;
    case "table":
      return (
        <table className="gw-table">
          <tbody>
            {(node.content ?? []).map((row, rowIndex) => (
              <tr key={rowIndex}>
                {(row.content ?? []).map((cell, cellIndex) => {
                  const Cell = cell.type === "tableHeader" ? "th" : "td";
                  return (
                    <Cell key={cellIndex} colSpan={Number(cell.attrs?.colspan ?? 1)} rowSpan={Number(cell.attrs?.rowspan ?? 1)}>
                      {(cell.content ?? []).map((child, index) => (
                        <Block key={index} node={child} />
                      ))}
                    </Cell>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      );
    default:
      return node.text !== undefined ? <Text node={node} /> : <>{children}</>;
  }
}

function AppendixTable({ caption, columns, widths, rows }: { caption: string; columns: readonly string[]; widths: readonly number[]; rows: AppendixCell[][] }) {
  if (rows.length === 0) return <p className="gw-p">{words.none}</p>;
  const total = widths.reduce((sum, width) => sum + width, 0);
  return (
    <table className="gw-table gw-appendix-table">
      <caption className="visually-hidden">{caption}</caption>
      <colgroup>
        {widths.map((width, index) => (
          <col key={index} style={{ width: `${(width / total) * 100}%` }} />
        ))}
      </colgroup>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, rowIndex) => (
          <tr key={rowIndex}>
            {row.map((cell, cellIndex) => (
              <td key={cellIndex} className={cell.numeric ? "numeric" : undefined}>
                {cell.text}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The exported document as a page: the same structure, numbering and appendix as the Word file. */
export function PrintDocument({ model, label }: { model: ExportModel; label: string }) {
  return (
    <article className="print-document" aria-label={label} data-testid="print-document">
      <header className="gw-title-block">
        <h1 className="gw-title">{model.plan.title}</h1>
        {subtitleLines(model).map((line) => (
          <p key={line} className="gw-subtitle">
            {line}
          </p>
        ))}
      </header>
      {model.sections.map((section) => {
        const Tag = headingTag(section.depth);
        return (
          <section key={section.id} className="gw-section" aria-labelledby={`gw-${section.id}`}>
            <Tag id={`gw-${section.id}`} className={headingClass(section.depth)}>
              {section.number}
              {section.title}
            </Tag>
            {section.body ? <Block node={section.body} /> : <p className="gw-p gw-pending">{words.pendingApproval}</p>}
          </section>
        );
      })}
      {hasAppendix(model) && <p className="gw-p gw-appendix-note">{words.appendixNote}</p>}
      <p className="gw-date">{model.dateLine}</p>
      {hasAppendix(model) && (
        <section className="gw-appendix" aria-labelledby="gw-appendix-title">
          <p className="gw-appendix-label">{words.appendix}</p>
          <h2 id="gw-appendix-title" className="gw-title">
            {words.appendixTitle}
          </h2>
          <h3 className={headingClass(0)}>{words.projectsHeading}</h3>
          <AppendixTable caption={words.projectsHeading} columns={words.projectColumns} widths={projectColumnWidths} rows={model.projects.map(projectRow)} />
          <h3 className={headingClass(0)}>{words.indicatorsHeading}</h3>
          <AppendixTable caption={words.indicatorsHeading} columns={words.indicatorColumns} widths={indicatorColumnWidths} rows={model.indicators.map(indicatorRow)} />
        </section>
      )}
    </article>
  );
}

/** /plans/<planId>/print: a toolbar (not printed) and the document on A4-like paper. */
export function PrintView({ planId, approved, sectionId }: { planId: string; approved: boolean; sectionId: string | null }) {
  const t = useTranslations("print");
  const trpc = useTRPC();
  const query = useQuery(trpc.export.document.queryOptions({ planId, sectionId, approved }));
  const download = useFileDownload();
  return (
    <div className="print-page">
      <div className="print-toolbar" role="toolbar" aria-label={t("toolbarLabel")}>
        <Link href={`/plans/${planId}`} className="button button-small">
          {t("back")}
        </Link>
        <Link href={printViewUrl(planId, { sectionId, approved: !approved })} className="button button-small" replace>
          {approved ? t("showCurrent") : t("showApproved")}
        </Link>
        <button
          type="button"
          className="button button-small"
          disabled={download.pending}
          aria-busy={download.pending}
          onClick={() => void download.start(planExportUrl(planId, { sectionId, approved }), "plan.docx")}
        >
          {t("downloadWord")}
        </button>
        <button type="button" className="button button-primary" onClick={() => window.print()} disabled={!query.data} data-testid="print-button">
          {t("print")}
        </button>
        <p className="field-hint print-hint">
          {approved ? t("showingApproved") : t("showingCurrent")} {t("printHint")}
        </p>
        <DownloadStatus state={download.state} />
      </div>
      {query.isPending ? (
        <LoadingState label={t("loading")} />
      ) : query.isError ? (
        <ErrorState title={t("loadFailed")} error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.sections.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <div className="print-paper">
          <PrintDocument model={query.data} label={t("documentLabel")} />
        </div>
      )}
    </div>
  );
}
