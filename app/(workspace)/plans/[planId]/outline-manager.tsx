"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { errorCodeOf, errorDetailsOf, fieldErrorsOf, useTRPC } from "@/app/_components/trpc";
import { ConfirmDialog } from "../../_components/confirm-dialog";
import { useErrorText } from "../../_components/error-text";
import { type Notice, NoticeRegion } from "../../_components/feedback";
import { Field } from "../../_components/field";
import { Modal } from "../../_components/modal";
import { descendantCount, neighbourOf, type OutlineMove, outlineMoves } from "./outline-tree";
import type { PlanSection } from "./section-block";

type ToolKey = OutlineMove | "edit" | "addChild" | "delete";

const icon = (path: ReactNode) => (
  <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round">
    {path}
  </svg>
);

const toolIcons: Record<ToolKey, ReactNode> = {
  up: icon(<path d="M10 16V4M5 8.5 10 4l5 4.5" />),
  down: icon(<path d="M10 4v12M5 11.5 10 16l5-4.5" />),
  outdent: icon(<path d="M16 10H7M10.5 6.5 7 10l3.5 3.5M4 4.5v11" />),
  indent: icon(<path d="M4 10h9M9.5 6.5 13 10l-3.5 3.5M16 4.5v11" />),
  edit: icon(<path d="M12.5 4.5 15.5 7.5 7.5 15.5H4.5v-3zM11 6l3 3" />),
  addChild: icon(<path d="M5 4v6.5a2 2 0 0 0 2 2h3M14 9.5v6M11 12.5h6" />),
  delete: icon(<path d="M4 6h12M8.5 6V4h3v2M6 6l.8 10h6.4L14 6" />),
};

const tools: ToolKey[] = ["up", "down", "outdent", "indent", "edit", "addChild", "delete"];
const moveKeys: readonly ToolKey[] = ["up", "down", "outdent", "indent"];

/** "第 4.1 节「培育壮大新兴产业」" for labels and messages. */
function useSectionName() {
  const t = useTranslations("plan.outlineManager");
  return (section: Pick<PlanSection, "number" | "title">) => t("sectionName", { number: section.number, title: section.title });
}

/**
 * One section's outline actions as an ARIA toolbar (one tab stop; arrow keys move between the
 * buttons). Moves that are not possible here stay focusable but are marked aria-disabled.
 */
function OutlineTools({
  section,
  sections,
  busy,
  onMove,
  onDialog,
}: {
  section: PlanSection;
  sections: PlanSection[];
  busy: boolean;
  onMove: (move: OutlineMove) => void;
  onDialog: (tool: "edit" | "addChild" | "delete") => void;
}) {
  const t = useTranslations("plan.outlineManager");
  const sectionName = useSectionName();
  const [focusIndex, setFocusIndex] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const moves = outlineMoves(sections, section.id);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const targets: Record<string, number> = { ArrowRight: focusIndex + 1, ArrowLeft: focusIndex - 1, Home: 0, End: tools.length - 1 };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + tools.length) % tools.length;
    setFocusIndex(next);
    buttons.current[next]?.focus();
  };

  return (
    <div className="outline-tools" role="toolbar" aria-label={t("tools", { section: sectionName(section) })} onKeyDown={onKeyDown}>
      {tools.map((tool, index) => {
        const isMove = moveKeys.includes(tool);
        const unavailable = busy || (isMove && moves[tool as OutlineMove] === null);
        return (
          <button
            key={tool}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            className={tool === "delete" ? "outline-tool outline-tool-danger" : "outline-tool"}
            tabIndex={index === focusIndex ? 0 : -1}
            aria-label={t(`actions.${tool}`)}
            title={t(`actions.${tool}`)}
            aria-disabled={unavailable || undefined}
            data-outline-tool={tool}
            data-section-id={section.id}
            onFocus={() => setFocusIndex(index)}
            onClick={() => {
              if (unavailable) return;
              if (isMove) onMove(tool as OutlineMove);
              else onDialog(tool as "edit" | "addChild" | "delete");
            }}
          >
            {toolIcons[tool]}
          </button>
        );
      })}
    </div>
  );
}

type Department = { id: string; name: string };

/** Adds a section (top level or under `parent`), or changes one's title and owner department. */
function SectionFormDialog({
  planId,
  section,
  parent,
  departments,
  onClose,
  onSaved,
}: {
  planId: string;
  /** The section to change; absent: add a new one. */
  section?: PlanSection;
  parent?: PlanSection | null;
  departments: Department[];
  onClose: () => void;
  onSaved: (message: string, sectionId: string) => void;
}) {
  const t = useTranslations("plan.outlineManager");
  const tCommon = useTranslations("common");
  const sectionName = useSectionName();
  const errorText = useErrorText();
  const trpc = useTRPC();
  const create = useMutation(trpc.section.create.mutationOptions());
  const rename = useMutation(trpc.section.rename.mutationOptions());
  const setOwner = useMutation(trpc.section.setOwner.mutationOptions());
  const [title, setTitle] = useState(section?.title ?? "");
  const [ownerDepartmentId, setOwnerDepartmentId] = useState(section?.ownerDepartment.id ?? parent?.ownerDepartment.id ?? "");
  const [missing, setMissing] = useState<{ title?: boolean; owner?: boolean }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const pending = create.isPending || rename.isPending || setOwner.isPending;
  const serverFields = failure ? errorText.fieldErrors(failure) : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    const nextMissing = { title: !trimmed, owner: !ownerDepartmentId };
    setMissing(nextMissing);
    if (nextMissing.title || nextMissing.owner) return;
    setFailure(null);
    try {
      if (!section) {
        const created = await create.mutateAsync({ planId, parentId: parent?.id ?? null, title: trimmed, ownerDepartmentId });
        onSaved(t("done.created", { title: trimmed }), created.id);
        return;
      }
      if (trimmed !== section.title) await rename.mutateAsync({ sectionId: section.id, title: trimmed });
      if (ownerDepartmentId !== section.ownerDepartment.id) await setOwner.mutateAsync({ sectionId: section.id, ownerDepartmentId });
      onSaved(t("done.updated", { title: trimmed }), section.id);
    } catch (error) {
      setFailure(error);
    }
  };

  const titleError = missing.title ? t("form.titleRequired") : serverFields.title;
  const ownerError = missing.owner ? t("form.ownerRequired") : serverFields.ownerDepartmentId;
  return (
    <Modal title={section ? t("form.editTitle") : t("form.addTitle")} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        {section ? (
          <p className="muted">{sectionName(section)}</p>
        ) : (
          <p className="muted">{parent ? t("form.childOf", { section: sectionName(parent) }) : t("form.topLevel")}</p>
        )}
        <Field label={t("form.title")} error={titleError}>
          {(control) => <input {...control} type="text" value={title} maxLength={120} autoComplete="off" onChange={(event) => setTitle(event.target.value)} />}
        </Field>
        <Field label={t("form.owner")} error={ownerError}>
          {(control) => (
            <select {...control} value={ownerDepartmentId} onChange={(event) => setOwnerDepartmentId(event.target.value)}>
              <option value="" disabled>
                {t("form.chooseOwner")}
              </option>
              {departments.map((department) => (
                <option key={department.id} value={department.id}>
                  {department.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        {failure !== null && (
          <div className="alert alert-error" role="alert">
            {errorText.describe(failure, ["title", "ownerDepartmentId"])}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" className="button" onClick={onClose}>
            {tCommon("cancel")}
          </button>
          <button type="submit" className="button button-primary" disabled={pending} aria-busy={pending}>
            {pending ? tCommon("saving") : section ? tCommon("save") : t("form.add")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The amount of text the server says deleting would lose (BAD_REQUEST on `confirmTextLoss`), if that was the refusal. */
function textLossOf(error: unknown): number | null {
  if (errorCodeOf(error) !== "BAD_REQUEST") return null;
  if (!fieldErrorsOf(error).confirmTextLoss) return null;
  const { textLength } = errorDetailsOf(error);
  return typeof textLength === "number" ? textLength : 0;
}

/**
 * Deleting asks first; when the section (or a subsection) holds text, the server refuses until the
 * loss is confirmed, and the dialog says how much text would go.
 */
function DeleteSectionDialog({
  section,
  subsections,
  onClose,
  onDeleted,
}: {
  section: PlanSection;
  subsections: number;
  onClose: () => void;
  onDeleted: (message: string) => void;
}) {
  const t = useTranslations("plan.outlineManager");
  const sectionName = useSectionName();
  const errorText = useErrorText();
  const trpc = useTRPC();
  const remove = useMutation(trpc.section.delete.mutationOptions());
  const [textLoss, setTextLoss] = useState<number | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const confirm = () => {
    setFailure(null);
    remove.mutate(
      { sectionId: section.id, confirmTextLoss: textLoss !== null },
      {
        onSuccess: () => onDeleted(t("done.deleted", { title: section.title })),
        onError: (error) => {
          const loss = textLoss === null ? textLossOf(error) : null;
          if (loss !== null) setTextLoss(loss);
          else setFailure(error);
        },
      },
    );
  };

  return (
    <ConfirmDialog
      title={t("delete.title")}
      body={subsections > 0 ? t("delete.bodyWithChildren", { section: sectionName(section), count: subsections }) : t("delete.body", { section: sectionName(section) })}
      confirmLabel={textLoss === null ? t("delete.confirm") : t("delete.confirmTextLoss")}
      pending={remove.isPending}
      error={failure === null ? null : errorText.describe(failure)}
      onConfirm={confirm}
      onClose={onClose}
    >
      <div role="alert">
        {textLoss !== null && (
          <p className="alert alert-warning" data-testid="text-loss-warning">
            {t("delete.textLoss", { count: textLoss })}
          </p>
        )}
      </div>
    </ConfirmDialog>
  );
}

type Dialog = { type: "add"; parent: PlanSection | null } | { type: "edit"; section: PlanSection } | { type: "delete"; section: PlanSection };

/**
 * The outline in 「管理目录」 mode (admins): each section with its owner department and a toolbar
 * to move, indent / outdent, rename or re-assign, add a subsection or delete; a button to add a
 * top-level section. Changes reach every open browser through the plan's live events (live.events).
 */
export function ManagedOutline({
  planId,
  sections,
  listId,
  renderLink,
}: {
  planId: string;
  sections: PlanSection[];
  listId: string;
  renderLink: (section: PlanSection) => ReactNode;
}) {
  const t = useTranslations("plan.outlineManager");
  const errorText = useErrorText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const departments = useQuery(trpc.department.list.queryOptions());
  const move = useMutation(trpc.section.move.mutationOptions());
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  // Reordering re-renders the list; the focus goes back to the same button of the same section.
  const pendingFocus = useRef<{ sectionId: string; tool: ToolKey } | null>(null);

  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    const button = document.querySelector<HTMLElement>(`[data-outline-tool="${target.tool}"][data-section-id="${target.sectionId}"]`);
    if (button) {
      pendingFocus.current = null;
      button.focus();
    }
  }, [sections]);

  const refreshOutline = () => queryClient.invalidateQueries(trpc.plan.get.queryFilter({ planId }));

  const runMove = (section: PlanSection, direction: OutlineMove) => {
    const target = outlineMoves(sections, section.id)[direction];
    if (!target) return;
    setNotice(null);
    move.mutate(
      { sectionId: section.id, ...target },
      {
        onSuccess: async () => {
          pendingFocus.current = { sectionId: section.id, tool: direction };
          await refreshOutline();
          setNotice({ tone: "success", text: t(`done.${direction}`, { title: section.title }) });
        },
        onError: (error) => setNotice({ tone: "error", text: t("failed", { reason: errorText.describe(error) }) }),
      },
    );
  };

  const closeDialog = () => setDialog(null);
  const saved = async (message: string, sectionId: string, tool: ToolKey) => {
    pendingFocus.current = { sectionId, tool };
    setDialog(null);
    await refreshOutline();
    setNotice({ tone: "success", text: message });
  };

  return (
    <div className="outline-manager">
      <NoticeRegion notice={notice} onDismiss={() => setNotice(null)} />
      <ol id={listId} className="plan-outline-list is-managing" aria-busy={move.isPending || undefined}>
        {sections.map((section) => (
          <li key={section.id} className={`outline-depth-${Math.min(section.depth, 3)}`} data-testid="outline-item">
            {renderLink(section)}
            <p className="outline-owner">{t("owner", { department: section.ownerDepartment.name })}</p>
            <OutlineTools
              section={section}
              sections={sections}
              busy={move.isPending}
              onMove={(direction) => runMove(section, direction)}
              onDialog={(tool) =>
                setDialog(tool === "addChild" ? { type: "add", parent: section } : tool === "edit" ? { type: "edit", section } : { type: "delete", section })
              }
            />
          </li>
        ))}
      </ol>
      <button ref={addButton} type="button" className="button button-small outline-add" onClick={() => setDialog({ type: "add", parent: null })}>
        {t("addTopLevel")}
      </button>
      {(dialog?.type === "add" || dialog?.type === "edit") && (
        <SectionFormDialog
          planId={planId}
          section={dialog.type === "edit" ? dialog.section : undefined}
          parent={dialog.type === "add" ? dialog.parent : undefined}
          departments={departments.data ?? []}
          onClose={closeDialog}
          onSaved={(message, sectionId) => void saved(message, sectionId, "edit")}
        />
      )}
      {dialog?.type === "delete" && (
        <DeleteSectionDialog
          section={dialog.section}
          subsections={descendantCount(sections, dialog.section.id)}
          onClose={closeDialog}
          onDeleted={(message) => {
            const neighbour = neighbourOf(sections, dialog.section.id);
            if (neighbour) void saved(message, neighbour, "edit");
            else {
              setDialog(null);
              addButton.current?.focus();
              setNotice({ tone: "success", text: message });
            }
          }}
        />
      )}
      {departments.isError && (
        <p className="field-error" role="alert">
          {t("departmentsFailed")}
        </p>
      )}
    </div>
  );
}
