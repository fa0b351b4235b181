"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import type { RouterOutputs } from "./types";

type CitingSection = RouterOutputs["project"]["get"]["citedBy"][number];

/** Plan sections that cite a project or indicator, each linking to its place in the plan. */
export function CitedByList({ sections, emptyText }: { sections: CitingSection[]; emptyText: string }) {
  const tPlan = useTranslations("plan");
  if (sections.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <ul className="cited-by-list">
      {sections.map((section) => (
        <li key={section.id}>
          <Link href={`/plans/${section.planId}#section-${section.id}`}>{section.title}</Link>
          <span className="cited-by-meta">
            {section.ownerDepartment.name}
            <span className={`badge badge-status-${section.status}`}>{tPlan(`sectionStatus.${section.status}`)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
