"use client";

import type { Me, PlanSection } from "./section-block";

/** The section's review workflow in the plan: 「提交审阅」, the last decision and its reason. (Being written.) */
export function SectionReviewActions(_props: { section: PlanSection; me: Me }) {
  return null;
}
