"use client";

import { useQuery } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { LanguageSwitch } from "@/app/_components/language-switch";
import { useTRPC } from "@/app/_components/trpc";
import { HeaderSearch } from "../search/header-search";
import { NotificationBell, useNotificationEvents } from "./notification-bell";

type NavLink = { href: string; label: string; isActive: (pathname: string) => boolean };

const startsWith = (prefix: string) => (pathname: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);

function NavList({ label, links, pathname }: { label: string; links: NavLink[]; pathname: string }) {
  return (
    <nav aria-label={label}>
      <ul className="nav-list">
        {links.map((link) => {
          const active = link.isActive(pathname);
          return (
            <li key={link.href}>
              <Link href={link.href} className="nav-link" aria-current={active ? "page" : undefined}>
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Top bar (app name, search, current user, account links, language) and navigation around every logged-in page. */
export function WorkspaceShell({ children }: { children: ReactNode }) {
  const t = useTranslations("nav");
  const tApp = useTranslations("app");
  const tRoles = useTranslations("roles");
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const pathname = usePathname();
  useNotificationEvents();
  const abilities = me.data?.abilities;

  const mainLinks: NavLink[] = [
    { href: "/", label: t("plans"), isActive: (path) => path === "/" || startsWith("/plans")(path) },
    { href: "/projects", label: t("projects"), isActive: startsWith("/projects") },
    { href: "/indicators", label: t("indicators"), isActive: startsWith("/indicators") },
    ...(abilities?.canReview ? [{ href: "/review", label: t("review"), isActive: startsWith("/review") }] : []),
  ];
  const adminLinks: NavLink[] = [
    abilities?.canManageUsers && { href: "/admin/users", label: t("users"), isActive: startsWith("/admin/users") },
    abilities?.canManageDepartments && { href: "/admin/departments", label: t("departments"), isActive: startsWith("/admin/departments") },
    abilities?.canReadAudit && { href: "/admin/audit", label: t("audit"), isActive: startsWith("/admin/audit") },
  ].filter((link): link is NavLink => Boolean(link));

  return (
    <>
      <a className="skip-link" href="#main">
        {tApp("skipToContent")}
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand">
            {tApp("name")}
          </Link>
          {me.data && <HeaderSearch />}
          <div className="account-bar">
            {me.data && (
              <p className="current-user">
                <span className="visually-hidden">{t("signedInAs")}</span>
                <span className="current-user-name">{me.data.displayName}</span>
                <span className="current-user-meta">
                  {me.data.department.name} · {tRoles(me.data.role)}
                </span>
              </p>
            )}
            {me.data && <NotificationBell />}
            <Link href="/account" className="topbar-link" aria-current={pathname === "/account" ? "page" : undefined}>
              {t("account")}
            </Link>
            <button type="button" className="topbar-link" onClick={() => void signOut({ callbackUrl: "/login" })}>
              {t("signOut")}
            </button>
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <div className="navbar">
        <div className="navbar-inner">
          <NavList label={t("mainLabel")} links={mainLinks} pathname={pathname} />
          {adminLinks.length > 0 && <NavList label={t("adminLabel")} links={adminLinks} pathname={pathname} />}
        </div>
      </div>
      <main id="main" tabIndex={-1} className="workspace-main">
        {children}
      </main>
    </>
  );
}
