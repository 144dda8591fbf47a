"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState, type ReactNode } from "react";
import { navigateAfterAuthChange } from "@/lib/console/navigate";
import { useHydrated } from "@/lib/console/use-hydrated";
import { isActive, NAV_ITEMS } from "./nav-items";
import { prefetchRoute } from "./prefetch-route";

export function ConsoleShell({ user, children }: { user: { email: string; name?: string | null; role: string; accountName: string }; children: ReactNode }) {
  const pathname = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const hydrated = useHydrated();
  const queryClient = useQueryClient();
  const router = useRouter();
  // Not on sight but on intent: with a loading.tsx per page, Next would prefetch every sidebar
  // page's shell as soon as the links are on screen (nine server renders on each page load,
  // competing with the page's own requests); a hover or focus prefetches one page's shell and data.
  const prefetch = (href: (typeof NAV_ITEMS)[number]["href"]) => {
    router.prefetch(href);
    prefetchRoute(queryClient, href, { isOwner: user.role === "owner" });
  };

  const nav = (
    <ul className="space-y-0.5">
      {NAV_ITEMS.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={() => setMenuOpen(false)}
              prefetch={false}
              onMouseEnter={() => prefetch(item.href)}
              onFocus={() => prefetch(item.href)}
              aria-current={active ? "page" : undefined}
              className={`block rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600 ${
                active ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"
              }`}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );

  const account = (
    <div className="border-t border-slate-200 px-3 py-3 text-sm">
      <p className="truncate font-medium text-slate-900" title={user.email}>
        {user.name || user.email}
      </p>
      <p className="truncate text-xs text-slate-600">
        {user.accountName} · {user.role}
      </p>
      <button
        type="button"
        disabled={signingOut || !hydrated}
        onClick={async () => {
          setSigningOut(true);
          // redirect:false then a relative navigation: Auth.js would send the browser to localhost otherwise.
          await signOut({ redirect: false });
          navigateAfterAuthChange("/sign-in");
        }}
        className="mt-2 rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
      >
        {signingOut ? "Signing out…" : "Sign out"}
      </button>
    </div>
  );

  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 md:hidden">
        <Link href="/" prefetch={false} className="font-semibold tracking-tight">
          Tessera
        </Link>
        <button
          type="button"
          aria-expanded={menuOpen}
          disabled={!hydrated}
          aria-controls="mobile-nav"
          onClick={() => setMenuOpen((open) => !open)}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium"
        >
          Menu
        </button>
      </header>
      {menuOpen ? (
        <nav id="mobile-nav" aria-label="Console" className="border-b border-slate-200 bg-white px-2 py-2 md:hidden">
          {nav}
          {account}
        </nav>
      ) : null}
      <aside className="hidden w-56 shrink-0 flex-col border-r border-slate-200 bg-white md:flex">
        <Link href="/" prefetch={false} className="px-5 py-4 text-lg font-semibold tracking-tight">
          Tessera
        </Link>
        <nav aria-label="Console" className="flex-1 px-2">
          {nav}
        </nav>
        {account}
      </aside>
      <main id="main" className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
