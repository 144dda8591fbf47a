import { LoadingRows } from "./states";

/**
 * What a console page shows the moment its link is clicked (the route's loading.tsx), until
 * the server has answered and the page's own data arrives: the page's title, so the click
 * visibly landed, and grey rows where its content will be.
 */
export function PageSkeleton({ title, rows = 4 }: { title: string; rows?: number }) {
  return (
    <div>
      <div className="mb-6">
        <p className="text-2xl font-semibold tracking-tight text-slate-900" aria-hidden>
          {title}
        </p>
        <div className="mt-2 h-4 w-72 max-w-full animate-pulse rounded bg-slate-100" />
      </div>
      <LoadingRows rows={rows} label={`Loading ${title}`} />
    </div>
  );
}
