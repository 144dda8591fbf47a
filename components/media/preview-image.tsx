"use client";

import { useEffect, useState } from "react";

type State = { status: "loading" } | { status: "ready"; src: string } | { status: "missing" };

/**
 * A preview from GET /v1/media/{id}/previews/{n}. A plain <img src> cannot send the console
 * header the session routes require (the CSRF guard), so the bytes are fetched and shown
 * through an object URL; the browser's private cache still answers repeats.
 */
export function PreviewImage({ url, alt, className = "", fallback = null }: { url: string; alt: string; className?: string; fallback?: React.ReactNode }) {
  const [state, setState] = useState<{ url: string; value: State }>({ url, value: { status: "loading" } });
  useEffect(() => {
    const controller = new AbortController();
    let objectUrl: string | null = null;
    fetch(url, { headers: { "x-tessera-console": "1" }, credentials: "same-origin", signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        objectUrl = URL.createObjectURL(await response.blob());
        setState({ url, value: { status: "ready", src: objectUrl } });
      })
      .catch(() => {
        if (!controller.signal.aborted) setState({ url, value: { status: "missing" } });
      });
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [url]);
  const value = state.url === url ? state.value : { status: "loading" as const };
  if (value.status === "missing") return <>{fallback}</>;
  if (value.status === "loading") return <span role="img" aria-label={`${alt} (loading)`} className={`block animate-pulse bg-slate-100 ${className}`} />;
  // eslint-disable-next-line @next/next/no-img-element -- an object URL: next/image cannot optimise it
  return <img src={value.src} alt={alt} className={`bg-slate-100 object-contain ${className}`} />;
}
