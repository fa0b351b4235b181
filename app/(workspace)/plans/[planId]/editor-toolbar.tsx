"use client";

import type { Editor } from "@tiptap/react";
import { useEditorState } from "@tiptap/react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";

type ToggleKey = "heading3" | "heading4" | "bold" | "italic" | "bulletList" | "orderedList" | "link";
type ToolKey = ToggleKey | "table";

type Tool = {
  key: ToolKey;
  icon: ReactNode;
  /** Keys as aria-keyshortcuts spells them, with "Mod" for Control (Meta on Apple systems). */
  shortcut?: string;
  run: (editor: Editor) => void;
};

const icon = (path: ReactNode) => (
  <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round">
    {path}
  </svg>
);

function toolsFor(openLink: () => void): Tool[] {
  return [
    { key: "heading3", icon: <span className="tool-text">H3</span>, shortcut: "Mod+Alt+3", run: (editor) => editor.chain().focus().toggleHeading({ level: 3 }).run() },
    { key: "heading4", icon: <span className="tool-text">H4</span>, shortcut: "Mod+Alt+4", run: (editor) => editor.chain().focus().toggleHeading({ level: 4 }).run() },
    { key: "bold", icon: <span className="tool-text tool-bold">B</span>, shortcut: "Mod+B", run: (editor) => editor.chain().focus().toggleBold().run() },
    { key: "italic", icon: <span className="tool-text tool-italic">I</span>, shortcut: "Mod+I", run: (editor) => editor.chain().focus().toggleItalic().run() },
    {
      key: "bulletList",
      icon: icon(
        <>
          <circle cx="4" cy="5.5" r="1" fill="currentColor" />
          <circle cx="4" cy="10" r="1" fill="currentColor" />
          <circle cx="4" cy="14.5" r="1" fill="currentColor" />
          <path d="M8 5.5h9M8 10h9M8 14.5h9" />
        </>,
      ),
      shortcut: "Mod+Shift+8",
     
      run: (editor) => editor.chain().focus().toggleBulletList().run(),
    },
    {
      key: "orderedList",
      icon: icon(
        <>
          <path d="M3 4.5h1.5v3M3 7.5h3M3 12.5c0-.8.6-1.3 1.3-1.3s1.3.5 1.3 1.2c0 1-2.6 1.6-2.6 3.1h2.7" />
          <path d="M9 5.5h8M9 10h8M9 14.5h8" />
        </>,
      ),
      shortcut: "Mod+Shift+7",
     
      run: (editor) => editor.chain().focus().toggleOrderedList().run(),
    },
    {
      key: "link",
      icon: icon(
        <>
          <path d="M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-1 1" />
          <path d="M11.5 8.5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l1-1" />
        </>,
      ),
      shortcut: "Mod+K",
     
      run: openLink,
    },
    {
      key: "table",
      icon: icon(
        <>
          <rect x="3" y="4" width="14" height="12" rx="1.5" />
          <path d="M3 8h14M3 12h14M8 4v12M12.5 4v12" />
        </>,
      ),
      run: (editor) => editor.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
    },
  ];
}

function isApple(): boolean {
  return typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** "Mod+Shift+8" → aria-keyshortcuts value and the text shown in the tooltip. */
function shortcutFor(shortcut: string, apple: boolean) {
  const aria = shortcut.replace("Mod", apple ? "Meta" : "Control");
  const shown = apple
    ? shortcut.replace("Mod+", "⌘").replace("Alt+", "⌥").replace("Shift+", "⇧")
    : shortcut.replace("Mod", "Ctrl");
  return { aria, shown };
}

/** Accepts http(s) and mailto addresses; a bare host gets https://. */
function normalizeHref(input: string): string | null {
  const value = input.trim();
  if (!value) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
  try {
    const url = new URL(withScheme);
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? withScheme : null;
  } catch {
    return null;
  }
}

/** The URL form under the toolbar: sets, changes or removes the link at the selection. */
function LinkForm({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const t = useTranslations("editor.link");
  const inputId = useId();
  const errorId = `${inputId}-error`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [href, setHref] = useState(() => String(editor.getAttributes("link").href ?? ""));
  const [invalid, setInvalid] = useState(false);
  const hasLink = editor.isActive("link");
  useEffect(() => inputRef.current?.focus(), []);

  const close = () => {
    onClose();
    editor.commands.focus();
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const normalized = normalizeHref(href);
    if (!normalized) {
      setInvalid(true);
      inputRef.current?.focus();
      return;
    }
    const chain = editor.chain().focus().extendMarkRange("link");
    if (editor.state.selection.empty && !hasLink) {
      chain.insertContent({ type: "text", text: normalized, marks: [{ type: "link", attrs: { href: normalized } }] }).run();
    } else {
      chain.setLink({ href: normalized }).run();
    }
    onClose();
  };
  return (
    <form
      className="link-form"
      onSubmit={apply}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          close();
        }
      }}
    >
      <label htmlFor={inputId}>{t("label")}</label>
      <input
        ref={inputRef}
        id={inputId}
        type="text"
        inputMode="url"
        autoComplete="url"
        placeholder="https://"
        value={href}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(event) => {
          setHref(event.target.value);
          setInvalid(false);
        }}
      />
      <button type="submit" className="button button-small button-primary">
        {t("apply")}
      </button>
      {hasLink && (
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            editor.chain().focus().extendMarkRange("link").unsetLink().run();
            onClose();
          }}
        >
          {t("remove")}
        </button>
      )}
      <button type="button" className="button button-small" onClick={close}>
        {t("cancel")}
      </button>
      {invalid && (
        <p id={errorId} className="field-error link-form-error">
          {t("invalid")}
        </p>
      )}
    </form>
  );
}

/**
 * Formatting for an editable section body: one tab stop (arrow keys move between buttons, as in
 * the ARIA toolbar pattern); toggles report their state with aria-pressed.
 */
export function EditorToolbar({
  editor,
  label,
  linkOpen,
  onLinkOpenChange,
}: {
  editor: Editor;
  label: string;
  linkOpen: boolean;
  onLinkOpenChange: (open: boolean) => void;
}) {
  const t = useTranslations("editor.toolbar");
  const [focusIndex, setFocusIndex] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const [apple] = useState(isApple);
  const active = useEditorState({
    editor,
    selector: ({ editor: current }): Record<ToggleKey, boolean> & { inTable: boolean } => ({
      heading3: current.isActive("heading", { level: 3 }),
      heading4: current.isActive("heading", { level: 4 }),
      bold: current.isActive("bold"),
      italic: current.isActive("italic"),
      bulletList: current.isActive("bulletList"),
      orderedList: current.isActive("orderedList"),
      link: current.isActive("link"),
      inTable: current.isActive("table"),
    }),
  });
  const tools = toolsFor(() => onLinkOpenChange(!linkOpen));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowRight: focusIndex + 1, ArrowLeft: focusIndex - 1, Home: 0, End: tools.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + tools.length) % tools.length;
    setFocusIndex(next);
    buttons.current[next]?.focus();
  };

  return (
    <div className="editor-toolbar-wrap">
      <div className="editor-toolbar" role="toolbar" aria-label={label} onKeyDown={onKeyDown}>
        {tools.map((tool, index) => {
          const shortcut = tool.shortcut ? shortcutFor(tool.shortcut, apple) : null;
          const name = t(tool.key);
          const pressed = tool.key === "table" ? undefined : tool.key === "link" ? active.link || linkOpen : active[tool.key];
          return (
            <button
              key={tool.key}
              ref={(element) => {
                buttons.current[index] = element;
              }}
              type="button"
              className="tool-button"
              tabIndex={index === focusIndex ? 0 : -1}
              aria-label={name}
              aria-pressed={pressed}
              aria-keyshortcuts={shortcut?.aria}
              title={shortcut ? t("withShortcut", { name, shortcut: shortcut.shown }) : name}
              disabled={tool.key === "table" && active.inTable}
              // Keeps the text selection (and the caret others see) while clicking a button.
              onMouseDown={(event) => event.preventDefault()}
              onFocus={() => setFocusIndex(index)}
              onClick={() => tool.run(editor)}
            >
              {tool.icon}
            </button>
          );
        })}
      </div>
      {linkOpen && <LinkForm editor={editor} onClose={() => onLinkOpenChange(false)} />}
    </div>
  );
}
