"use client";

import type { Me, PlanSection } from "./section-block";

/** 「历史版本」 of one section: versions, 「保存版本」, open, compare, restore. (Being written.) */
export function SectionHistory(_props: { section: PlanSection; me: Me; canEdit: boolean }) {
  return null;
}
