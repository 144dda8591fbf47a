"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field, SelectField } from "@/components/ui/field";
import { collectionsQuery } from "@/lib/console/queries";
import { BATCH_STATUSES } from "./types";

export interface BatchFilterValues {
  status: string;
  collection: string;
  from: string;
  to: string;
}

/** The filter form; the page keeps the applied values in the URL, so this only edits a draft. */
export function BatchFilters({ initial, onApply }: { initial: BatchFilterValues; onApply: (values: BatchFilterValues) => void }) {
  const [draft, setDraft] = useState(initial);
  const [dateError, setDateError] = useState<string | null>(null);
  const collections = useQuery(collectionsQuery());
  const names = (collections.data ?? []).map((c) => c.collection_id);
  if (draft.collection && !names.includes(draft.collection)) names.push(draft.collection);
  const set = (key: keyof BatchFilterValues) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: event.target.value }));

  return (
    <form
      role="search"
      aria-label="Filter batches"
      noValidate
      className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:grid-cols-[repeat(4,minmax(0,1fr))_auto]"
      onSubmit={(event) => {
        event.preventDefault();
        if (draft.from && draft.to && draft.to < draft.from) return setDateError("The end date is before the start date.");
        setDateError(null);
        onApply(draft);
      }}
    >
      <SelectField label="Status" value={draft.status} onChange={set("status")}>
        <option value="">Any status</option>
        {BATCH_STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </SelectField>
      <SelectField label="Collection" value={draft.collection} onChange={set("collection")}>
        <option value="">Any collection</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </SelectField>
      <Field label="Created from" type="date" value={draft.from} onChange={set("from")} max={draft.to || undefined} />
      <Field label="Created to" type="date" value={draft.to} onChange={set("to")} min={draft.from || undefined} error={dateError} />
      <div className="col-span-2 flex items-end gap-2 lg:col-span-1">
        <Button type="submit">Apply</Button>
        <ButtonLink href="/batches" variant="ghost">
          Clear
        </ButtonLink>
      </div>
    </form>
  );
}
