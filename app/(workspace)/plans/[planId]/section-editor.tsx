"use client";

import { EditorContent, useEditor } from "@tiptap/react";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState } from "react";
import { collaborativeSectionExtensions } from "@/lib/editor/collaborative-extensions";
import type { SectionSession } from "@/lib/editor/section-session";
import { EditorToolbar } from "./editor-toolbar";

/**
 * A section body bound to its session's Y.Doc. Read-only sections get `editable: false` and no
 * toolbar; they still update live.
 */
export function SectionEditor({
  session,
  sectionNumber,
  editable,
  userName,
  loaded,
}: {
  session: SectionSession;
  sectionNumber: string;
  editable: boolean;
  userName: string;
  loaded: boolean;
}) {
  const t = useTranslations("editor");
  const [linkOpen, setLinkOpen] = useState(false);
  const openLink = useRef(() => setLinkOpen(true));
  const extensions = useMemo(
    () => collaborativeSectionExtensions({ session, userName, onLinkShortcut: () => openLink.current() }),
    [session, userName],
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
    </div>
  );
}
