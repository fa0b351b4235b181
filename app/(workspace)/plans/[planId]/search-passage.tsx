"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { findMatches, searchQuery } from "@/lib/search/tokenise";
import { searchPassageTarget } from "../../search/search-links";
import { sectionAnchor } from "./section-block";

/** How long to wait for the section's editor to show its text, and how long the highlight stays. */
const WAIT_MS = 15_000;
const HIGHLIGHT_MS = 6_000;
const HIGHLIGHT_NAME = "search-passage";

/** The editor's text blocks (paragraphs, headings, code), in document order, as the server counts them. */
function textBlocks(editor: Element): HTMLElement[] {
  return [...editor.querySelectorAll<HTMLElement>("p, h1, h2, h3, h4, h5, h6, pre")].filter((block) => !block.closest(".reference-card"));
}

/** A DOM range over characters [start, end) of an element's text. */
function rangeOf(element: HTMLElement, start: number, end: number): Range | null {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let offset = 0;
  let started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0;
    if (!started && start < offset + length) {
      range.setStart(node, start - offset);
      started = true;
    }
    if (started && end <= offset + length) {
      range.setEnd(node, end - offset);
      return range;
    }
    offset += length;
  }
  return null;
}

type Highlights = { set(name: string, highlight: unknown): void; delete(name: string): void };
const cssHighlights = (): Highlights | undefined => (globalThis.CSS as unknown as { highlights?: Highlights } | undefined)?.highlights;

/**
 * Opened from a search hit (`?q=…&block=…#section-<id>`): waits for that section's editor to show
 * its text, scrolls to the passage and highlights the match for a few seconds with the CSS Custom
 * Highlight API (browsers without it get the block marked instead). The text block the server named is preferred;
 * if the text moved meanwhile, the first block that still matches is used.
 */
export function SearchPassageFocus() {
  const t = useTranslations("search");
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    const target = searchPassageTarget(window.location);
    const query = target && searchQuery(target.query);
    if (!target || !query) return;
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let markedBlock: HTMLElement | null = null;

    const clear = () => {
      cssHighlights()?.delete(HIGHLIGHT_NAME);
      markedBlock?.classList.remove("search-passage-block");
    };
    const attempt = () => {
      const editor = document.getElementById(sectionAnchor(target.sectionId))?.querySelector(".ProseMirror");
      const blocks = editor ? textBlocks(editor) : [];
      const hasText = blocks.some((block) => (block.textContent ?? "").trim().length > 0);
      if (!hasText) {
        if (Date.now() - started < WAIT_MS) timer = setTimeout(attempt, 150);
        return;
      }
      const preferred = target.blockIndex !== null ? blocks[target.blockIndex] : undefined;
      const candidates = preferred ? [preferred, ...blocks.filter((block) => block !== preferred)] : blocks;
      for (const block of candidates) {
        const [match] = findMatches(block.textContent ?? "", query.units);
        if (!match) continue;
        const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        block.scrollIntoView({ behavior: reduceMotion ? "auto" : "smooth", block: "center" });
        // Sections above may still be loading their text and push the passage away: bring it back once.
        timer = setTimeout(() => {
          const { top, bottom } = block.getBoundingClientRect();
          if (bottom < 0 || top > window.innerHeight) block.scrollIntoView({ behavior: "auto", block: "center" });
          timer = setTimeout(clear, HIGHLIGHT_MS);
        }, 1200);
        const range = rangeOf(block, match[0], match[1]);
        const Highlight = (globalThis as unknown as { Highlight?: new (...ranges: Range[]) => unknown }).Highlight;
        const highlights = cssHighlights();
        if (range && Highlight && highlights) {
          // A highlight changes no DOM: the editor (and its collaboration binding) never sees it.
          highlights.set(HIGHLIGHT_NAME, new Highlight(range));
        } else {
          block.classList.add("search-passage-block");
          markedBlock = block;
        }
        setAnnouncement(t("passageFound", { q: target.query }));
        return;
      }
      setAnnouncement(t("passageMissing", { q: target.query }));
    };
    attempt();
    return () => {
      if (timer) clearTimeout(timer);
      clear();
    };
  }, [t]);

  return (
    <div role="status" className="visually-hidden" data-testid="search-passage-status">
      {announcement}
    </div>
  );
}
