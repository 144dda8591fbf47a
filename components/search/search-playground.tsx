"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/states";
import { apiRequest } from "@/lib/console/api";
import { collectionsQuery, searchQuery, type SearchData } from "@/lib/console/queries";
import { SEARCH_MODES, formFromParams, paramsFromForm, searchRequestFromForm, type SearchForm, type SearchMode } from "@/lib/console/search-url";
import { CATEGORIES } from "@/lib/constants";
import { ImageDrop, imageProblem } from "./image-drop";
import { SearchResults } from "./search-results";

type Errors = Partial<Record<keyof SearchForm | "image", string>>;

export function SearchPlayground() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const submitted = useMemo(() => formFromParams(new URLSearchParams(params.toString())), [params]);
  const [form, setForm] = useState<SearchForm>(submitted);
  // Back and forward change the URL: the form follows it (React's "adjust state on prop change").
  const [shown, setShown] = useState(submitted);
  if (shown !== submitted) {
    setShown(submitted);
    setForm(submitted);
  }
  const [image, setImage] = useState<File | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const collections = useQuery(collectionsQuery());

  // The text search follows the URL, so a link or a reload shows the same results.
  const textRequest = useMemo(() => {
    if (!submitted.q) return null;
    const built = searchRequestFromForm(submitted);
    return "body" in built ? built.body : null;
  }, [submitted]);
  const text = useQuery({ ...searchQuery(textRequest), enabled: textRequest !== null && image === null });
  const byImage = useMutation({
    mutationFn: async ({ file, options }: { file: File; options: unknown }) => {
      const body = new FormData();
      body.append("image", file);
      body.append("options", JSON.stringify(options));
      return (await apiRequest<SearchData>("/v1/search", { form: body })).data;
    },
  });

  const set = <K extends keyof SearchForm>(key: K, value: SearchForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  function chooseImage(file: File | null) {
    setErrors((e) => ({ ...e, image: undefined }));
    byImage.reset();
    if (file && imageProblem(file)) {
      setErrors((e) => ({ ...e, image: imageProblem(file)! }));
      return;
    }
    setImage(file);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const built = searchRequestFromForm(form, { withQuery: image === null });
    if ("errors" in built) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    if (image) byImage.mutate({ file: image, options: built.body });
    else router.push(`${pathname}?${paramsFromForm(form)}`, { scroll: false });
  }

  const active = image
    ? { pending: byImage.isPending, error: byImage.error, data: byImage.data, started: !byImage.isIdle, retry: () => byImage.variables && byImage.mutate(byImage.variables) }
    : { pending: text.isFetching && !text.data, error: text.error, data: text.data, started: textRequest !== null, retry: () => void text.refetch() };

  return (
    <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
      <form onSubmit={submit} noValidate className="space-y-4 self-start rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Search">
        <Field label="Query" name="q" type="search" value={form.q} onChange={(e) => set("q", e.target.value)} error={image ? null : errors.q} placeholder="e.g. lighthouse keeper" disabled={image !== null} hint={image ? "The image is the query; clear it to search by text." : undefined} />
        <ImageDrop image={image} onImage={chooseImage} error={errors.image} />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Collections</legend>
          {collections.isPending ? (
            <p className="mt-1 text-sm text-slate-600">Loading…</p>
          ) : collections.error ? (
            <p className="mt-1 text-sm text-red-700">Collections could not be loaded: {collections.error.message}</p>
          ) : collections.data.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">No collections yet.</p>
          ) : (
            <div className="mt-1 max-h-40 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
              {collections.data.map((c) => (
                <label key={c.collection_id} className="flex items-start gap-2 text-sm">
                  <input
                    type="checkbox"
                    className="mt-0.5 size-4 accent-indigo-600"
                    checked={form.collections.includes(c.collection_id)}
                    onChange={(e) => set("collections", e.target.checked ? [...form.collections, c.collection_id] : form.collections.filter((x) => x !== c.collection_id))}
                  />
                  <span className="break-all">{c.collection_id}</span>
                </label>
              ))}
            </div>
          )}
          <p className="mt-1 text-xs text-slate-500">None ticked searches all of them.</p>
          {errors.collections && <p className="mt-1 text-sm text-red-700">{errors.collections}</p>}
        </fieldset>
        <SelectField label="Media type" value={form.type} onChange={(e) => set("type", e.target.value)}>
          <option value="">Any</option>
          {Object.keys(CATEGORIES).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
        <SelectField label="Mode" value={form.mode} onChange={(e) => set("mode", e.target.value as SearchMode)} disabled={image !== null}>
          {Object.entries(SEARCH_MODES).map(([value, { label }]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Max results" inputMode="numeric" value={form.limit} onChange={(e) => set("limit", e.target.value)} placeholder="10" error={errors.limit} />
          <Field label="Min score" inputMode="decimal" value={form.min} onChange={(e) => set("min", e.target.value)} placeholder="none" error={errors.min} />
        </div>
        <Button type="submit" className="w-full" busy={active.pending}>
          {image ? "Search by image" : "Search"}
        </Button>
      </form>

      <section aria-label="Results" aria-live="polite" className="min-w-0">
        {!active.started ? (
          <EmptyState title="Search your media">Type a query or drop a picture, then press Search. Results show the best-matching part of each file.</EmptyState>
        ) : active.pending ? (
          <LoadingRows rows={4} label="Searching" />
        ) : active.error ? (
          <ErrorState error={active.error} retry={active.retry} />
        ) : active.data && active.data.results.length === 0 ? (
          <EmptyState title="No results">Try other words, another mode, fewer filters or a lower minimum score.</EmptyState>
        ) : active.data ? (
          <>
            <p className="mb-3 text-sm text-slate-600">
              {active.data.results.length} {active.data.results.length === 1 ? "result" : "results"}
              {active.data.query ? <> for “{active.data.query}”</> : " for the picture"} in {Math.round(active.data.took_ms)} ms
            </p>
            <SearchResults results={active.data.results} />
          </>
        ) : null}
      </section>
    </div>
  );
}
