"use client";

import { useTranslations } from "next-intl";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, Suspense, useEffect, useId, useRef } from "react";
import "./search.css";

/** Whether a key press happens where typing means text (so `/` must not steal it). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function SearchForm({ initialQuery }: { initialQuery: string }) {
  const t = useTranslations("search");
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = useId();

  // `/` (outside text fields) and Ctrl+K / ⌘K jump to the search box from anywhere.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const input = inputRef.current;
      if (!input) return;
      const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target);
      const controlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
      if (!slash && !controlK) return;
      event.preventDefault();
      input.focus();
      input.select();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = inputRef.current?.value.trim() ?? "";
    router.push(q ? `/search?q=${encodeURIComponent(q)}` : "/search");
  };

  return (
    <form role="search" action="/search" method="get" className="header-search" onSubmit={onSubmit}>
      <label htmlFor={inputId} className="visually-hidden">
        {t("label")}
      </label>
      <input
        ref={inputRef}
        id={inputId}
        name="q"
        type="search"
        className="header-search-input"
        defaultValue={initialQuery}
        placeholder={t("placeholder")}
        maxLength={100}
        autoComplete="off"
        enterKeyHint="search"
        aria-describedby={hintId}
        aria-keyshortcuts="/ Control+K"
        data-testid="header-search-input"
      />
      <span id={hintId} className="visually-hidden">
        {t("shortcut")}
      </span>
      <kbd className="header-search-kbd" aria-hidden="true">
        /
      </kbd>
      <button type="submit" className="header-search-button">
        {t("submit")}
      </button>
    </form>
  );
}

/** Shows the current query while on the results page (a new query remounts the box with it). */
function SearchFormWithQuery() {
  const pathname = usePathname();
  const params = useSearchParams();
  const q = pathname === "/search" ? (params.get("q") ?? "") : "";
  return <SearchForm key={q} initialQuery={q} />;
}

/** The one search box, in the top bar of every page. */
export function HeaderSearch() {
  return (
    <Suspense fallback={<SearchForm initialQuery="" />}>
      <SearchFormWithQuery />
    </Suspense>
  );
}
