"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { Fragment } from "react";
import { useTRPC } from "@/app/_components/trpc";
import { EmptyState, ErrorState, LoadingState } from "../_components/feedback";
import type { RouterOutputs } from "../_components/types";
import { searchPassageHref } from "./search-links";
import "./search.css";

type SearchHit = RouterOutputs["search"]["query"][number];

/** How many results one page asks for (the server's maximum). */
const RESULT_LIMIT = 50;

/** Text with its highlighted ranges in <mark> (ranges come from the server; the text is never HTML). */
export function Highlighted({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const pieces: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start) continue;
    if (start > at) pieces.push({ text: text.slice(at, start), marked: false });
    pieces.push({ text: text.slice(start, end), marked: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), marked: false });
  return (
    <>
      {pieces.map((piece, index) => (piece.marked ? <mark key={index}>{piece.text}</mark> : <Fragment key={index}>{piece.text}</Fragment>))}
    </>
  );
}

function hrefOf(hit: SearchHit, query: string): string {
  if (hit.kind === "project") return `/projects/${hit.id}`;
  if (hit.kind === "indicator") return `/indicators/${hit.id}`;
  return searchPassageHref({ planId: hit.planId!, sectionId: hit.id, query, blockIndex: hit.blockIndex ?? null });
}

function ResultItem({ hit, query }: { hit: SearchHit; query: string }) {
  const t = useTranslations("search");
  return (
    <li className={`search-result search-result-${hit.kind}`} data-testid="search-result" data-kind={hit.kind}>
      <p className="search-result-meta">
        <span className={`badge search-kind search-kind-${hit.kind}`}>{t(`kind.${hit.kind}`)}</span>
        {hit.planTitle && <span>{t("inPlan", { plan: hit.planTitle })}</span>}
        {hit.archived && <span className="tag">{t("archived")}</span>}
        {hit.matchCount > 1 && <span>{t("moreMatches", { count: hit.matchCount })}</span>}
      </p>
      <h2 className="search-result-title">
        <Link href={hrefOf(hit, query)} title={hit.kind === "section" ? t("openSection") : undefined}>
          <Highlighted text={hit.title} ranges={hit.titleHighlights} />
        </Link>
      </h2>
      {hit.passage ? (
        <p className="search-result-passage">
          <Highlighted text={hit.passage.text} ranges={hit.passage.highlights} />
        </p>
      ) : (
        <p className="search-result-passage muted">{t("titleOnly")}</p>
      )}
    </li>
  );
}

/** The results page: one ranked list (best first) of sections, projects and indicators, each labelled with its kind. */
export function SearchResults({ query }: { query: string }) {
  const t = useTranslations("search");
  const trpc = useTRPC();
  const results = useQuery(trpc.search.query.queryOptions({ q: query, limit: RESULT_LIMIT }, { enabled: query.length > 0, staleTime: 0 }));

  if (!query) {
    return (
      <div className="page search-page">
        <h1 className="page-title">{t("pageTitle")}</h1>
        <EmptyState title={t("promptTitle")}>
          <p>{t("promptBody")}</p>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="page search-page">
      <h1 className="page-title">{t("resultsTitle", { q: query })}</h1>
      <div role="status" className="search-status">
        {results.isPending ? (
          <LoadingState label={t("loading")} />
        ) : results.data && results.data.length > 0 ? (
          <p className="muted">{results.data.length >= RESULT_LIMIT ? t("countCapped", { count: results.data.length }) : t("count", { count: results.data.length })}</p>
        ) : null}
      </div>
      {results.isError && <ErrorState title={t("loadFailed")} error={results.error} onRetry={() => void results.refetch()} />}
      {results.data?.length === 0 && (
        <EmptyState title={t("emptyTitle", { q: query })}>
          <p>{t("emptyBody")}</p>
        </EmptyState>
      )}
      {results.data && results.data.length > 0 && (
        <ol className="search-results" aria-label={t("resultsTitle", { q: query })}>
          {results.data.map((hit) => (
            <ResultItem key={`${hit.kind}:${hit.id}`} hit={hit} query={query} />
          ))}
        </ol>
      )}
    </div>
  );
}
