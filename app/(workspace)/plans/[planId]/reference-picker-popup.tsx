"use client";

import { useTranslations } from "next-intl";
import { useEffect, useSyncExternalStore } from "react";
import { createPortal } from "react-dom";
import type { ReferencePicker } from "@/lib/editor/reference-picker";
import { ProgressBar, ProjectStatusBadge } from "./reference-chip";
import { useIndicatorEntry, useProjectEntry } from "./reference-data";
import { useFigureFormat } from "./reference-format";

/** The figure beside an indicator's name in the list: its latest value. */
function IndicatorOption({ id }: { id: string }) {
  const figure = useFigureFormat();
  const { entry } = useIndicatorEntry(id);
  if (!entry?.latest) return null;
  return (
    <span className="reference-option-detail">
      {figure.value(entry.latest.value, entry.unit)}
      {entry.progress !== null && <ProgressBar progress={entry.progress} />}
    </span>
  );
}

/** The status beside a project's name in the list. */
function ProjectOption({ id }: { id: string }) {
  const { entry } = useProjectEntry(id);
  if (!entry) return null;
  return (
    <span className="reference-option-detail">
      <ProjectStatusBadge status={entry.status} />
    </span>
  );
}

/**
 * The `@` / `#` popup: a listbox under the typed trigger. The editor keeps the focus (arrow keys,
 * Enter and Esc go through the suggestion plugin) and names the highlighted option with
 * aria-activedescendant; a click chooses too.
 */
export function ReferencePickerPopup({ picker }: { picker: ReferencePicker }) {
  const t = useTranslations("references.picker");
  const state = useSyncExternalStore(picker.subscribe, picker.getState, () => null);
  const activeIndex = state?.activeIndex ?? -1;
  const itemCount = state?.items.length ?? 0;

  useEffect(() => {
    if (activeIndex < 0) return;
    document.getElementById(picker.optionId(activeIndex))?.scrollIntoView({ block: "nearest" });
  }, [picker, activeIndex, itemCount]);

  if (!state) return null;
  const labelId = `${picker.listboxId}-label`;
  const empty = state.items.length === 0;
  return createPortal(
    <div className="reference-picker" data-testid="reference-picker">
      <p id={labelId} className="reference-picker-title">
        {t(state.kind)}
      </p>
      <ul id={picker.listboxId} role="listbox" aria-labelledby={labelId} className="reference-picker-list" hidden={empty}>
        {state.items.map((item, index) => (
          <li
            key={item.id}
            id={picker.optionId(index)}
            role="option"
            aria-selected={index === state.activeIndex}
            className="reference-option"
            // Keeps the focus (and the typed query) in the editor.
            onMouseDown={(event) => event.preventDefault()}
            onMouseMove={() => picker.setActive(index)}
            onClick={() => picker.choose(index)}
          >
            <span className="reference-option-name">{item.name}</span>
            {state.kind === "indicator" ? <IndicatorOption id={item.id} /> : <ProjectOption id={item.id} />}
          </li>
        ))}
      </ul>
      {empty && (
        <p className="reference-picker-empty" role="status">
          {state.loading ? t("loading") : t(`empty.${state.kind}`, { query: state.query })}
        </p>
      )}
      <p className="reference-picker-hint" aria-hidden="true">
        {t("hint")}
      </p>
    </div>,
    state.host,
  );
}
