"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { ButtonLink, buttonClass } from "@/components/ui/button";
import { ApiError } from "@/lib/console/api";

/**
 * A console page that failed to render. It sits inside the console layout, so the sidebar
 * and Sign out stay; it says which page, which request or error, and offers a full reload
 * (a fresh cache and a fresh server render). A server component's own message never reaches
 * the browser (Next sends only a digest): the server logs it under the same digest
 * (instrumentation.ts), so the digest shown here is what to look for in the server's log.
 */
export default function ConsoleError({ error }: { error: Error & { digest?: string }; reset: () => void }) {
  const pathname = usePathname();
  const request = error instanceof ApiError && error.request ? error.request : null;
  const fromServer = Boolean(error.digest);
  return (
    <div data-error-boundary role="alert" className="rounded-lg border border-red-200 bg-white p-6 shadow-sm">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">This page could not be shown</h1>
      <p className="mt-2 text-sm text-slate-700">
        <span className="font-medium">{pathname}</span> failed {fromServer ? "while the server prepared it" : "in the browser"}. Reloading usually helps; the rest of the console still works.
      </p>
      <dl className="mt-4 space-y-2 text-sm">
        {request ? (
          <div>
            <dt className="font-medium text-slate-900">Failed request</dt>
            <dd className="font-mono text-xs break-all text-slate-700">{request}</dd>
          </div>
        ) : null}
        <div>
          <dt className="font-medium text-slate-900">Error</dt>
          <dd className="font-mono text-xs break-words text-red-800" data-testid="error-message">
            {fromServer ? "A server error (its details are in the server's log)." : `${error.name}: ${error.message}`}
          </dd>
        </div>
        {error.digest ? (
          <div>
            <dt className="font-medium text-slate-900">Error id (in the server&apos;s log)</dt>
            <dd className="font-mono text-xs text-slate-700">{error.digest}</dd>
          </div>
        ) : null}
      </dl>
      <div className="mt-6 flex flex-wrap gap-2">
        {/* A plain button, not <Button>: this page must work even if hydration state is what broke. */}
        <button type="button" className={buttonClass("primary")} onClick={() => window.location.reload()}>
          Reload
        </button>
        <ButtonLink href="/" variant="secondary">
          Overview
        </ButtonLink>
        <Link href="/status" className={buttonClass("ghost")}>
          Status
        </Link>
      </div>
    </div>
  );
}
