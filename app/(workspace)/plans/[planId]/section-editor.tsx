"use client";

import { EditorContent, ReactNodeViewRenderer, useEditor } from "@tiptap/react";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { collaborativeSectionExtensions } from "@/lib/editor/collaborative-extensions";
import { ReferencePicker } from "@/lib/editor/reference-picker";
import type { SectionSession } from "@/lib/editor/section-session";
import { EditorToolbar } from "./editor-toolbar";
import { ReferenceChipView } from "./reference-chip";
import { useReferenceSearch } from "./reference-data";
import { ReferencePickerPopup } from "./reference-picker-popup";

const chipView = ReactNodeViewRenderer(ReferenceChipView);

/**
 * A section body bound to its session's Y.Doc. Read-only sections get `editable: false` and no
 * toolbar; they still update live. Chips show live figures in both; `@` / `#` insert them when editable.
 */
export function SectionEditor({
  session,
  sectionId: _sectionId,
  sectionNumber,
  editable,
  userName,
  loaded,
}: {
  session: SectionSession;
  /** For the comment threads anchored in this body. */
  sectionId: string;
  sectionNumber: string;
  editable: boolean;
  userName: string;
  loaded: boolean;
}) {
  const t = useTranslations("editor");
  const [linkOpen, setLinkOpen] = useState(false);
  const openLink = useRef(() => setLinkOpen(true));
  const [picker] = useState(() => new ReferencePicker());
  useEffect(() => () => picker.destroy(), [picker]);
  const search = useReferenceSearch();
  const searchRef = useRef(search);
  useEffect(() => {
    searchRef.current = search;
  }, [search]);
  const extensions = useMemo(
    () =>
      collaborativeSectionExtensions({
        session,
        userName,
        onLinkShortcut: () => openLink.current(),
        references: { chipView, picker, search: (kind, query) => searchRef.current(kind, query) },
      }),
    [session, userName, picker],
  );
  const label = t("bodyLabel", { number: sectionNumber });
  const editorProps = useMemo(
    () => ({
      attributes: {
        class: "section-body-editor",
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": label,
        "aria-readonly": editable ? "false" : "true",
      },
    }),
    [label, editable],
  );
  const editor = useEditor({ immediatelyRender: false, shouldRerenderOnTransaction: false, editable, extensions, editorProps }, [session]);

  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable !== editable) editor.setEditable(editable);
    if (!editable) setLinkOpen(false);
  }, [editor, editable]);

  return (
    <div className="section-body" aria-busy={!loaded}>
      {editor && editable && (
        <EditorToolbar editor={editor} label={t("toolbar.label", { number: sectionNumber })} linkOpen={linkOpen} onLinkOpenChange={setLinkOpen} />
      )}
      {!loaded && <p className="section-body-loading muted">{t("loadingBody")}</p>}
      <EditorContent editor={editor} />
      <ReferencePickerPopup picker={picker} />
    </div>
  );
}
