"use client";

import { useQuery } from "@tanstack/react-query";
import { Field, SelectField } from "@/components/ui/field";
import { collectionsQuery } from "@/lib/console/queries";
import { DEFAULT_COLLECTION_ID } from "@/lib/constants";

export const NEW_COLLECTION = "__new__";

/** Existing collections from the API, or a new name (checked with the API's own rules by the form). */
export function CollectionPicker({
  choice,
  onChoice,
  newName,
  onNewName,
  newNameError,
  disabled,
}: {
  choice: string;
  onChoice: (value: string) => void;
  newName: string;
  onNewName: (value: string) => void;
  newNameError: string | null;
  disabled?: boolean;
}) {
  const collections = useQuery(collectionsQuery());
  const names = (collections.data ?? []).map((c) => c.collection_id);
  if (!names.includes(DEFAULT_COLLECTION_ID)) names.unshift(DEFAULT_COLLECTION_ID);
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <SelectField label="Collection" value={choice} onChange={(e) => onChoice(e.target.value)} disabled={disabled}>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
        <option value={NEW_COLLECTION}>New collection…</option>
      </SelectField>
      {choice === NEW_COLLECTION ? (
        <Field
          label="New collection name"
          value={newName}
          onChange={(e) => onNewName(e.target.value)}
          error={newNameError}
          hint="Letters, digits, '_', '-', '.' or '/' (e.g. research/2026), up to 128."
          autoComplete="off"
          disabled={disabled}
        />
      ) : null}
      {collections.isError ? <p className="text-sm text-amber-800 sm:col-span-2">Existing collections could not be listed; you can still type a new name.</p> : null}
    </div>
  );
}
