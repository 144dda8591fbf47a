"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/states";
import { CAPABILITIES, CAPABILITY_DESCRIPTIONS } from "@/lib/api-keys/capabilities";
import { CreateApiKeyBody, type CreatedApiKey } from "@/lib/api-keys/schemas";
import { apiRequest } from "@/lib/console/api";
import { invalidateAfter } from "@/lib/console/queries";

type Errors = Partial<Record<"name" | "capabilities", string>>;

export function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedApiKey) => void }) {
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Errors>({});
  const create = useMutation({
    mutationFn: (body: CreateApiKeyBody) => apiRequest<CreatedApiKey>("/api/console/keys", { json: body }),
    onSuccess: (result) => {
      onCreated(result.data);
      void invalidateAfter.keysChanged(queryClient);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const parsed = CreateApiKeyBody.safeParse({ name: form.get("name"), capabilities: form.getAll("capabilities") });
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof Errors] ??= issue.message;
      return setErrors(next);
    }
    setErrors({});
    create.mutate(parsed.data, { onSuccess: () => formElement.reset() });
  }

  return (
    <Card title="Create a key">
      <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-4 md:grid-cols-2 md:gap-x-8">
        {create.error ? (
          <div className="md:col-span-2">
            <Alert tone="error">{create.error.message}</Alert>
          </div>
        ) : null}
        <Field label="Name" name="name" maxLength={100} placeholder="e.g. Nightly import" error={errors.name} hint="Where the key will be used, so you can tell keys apart." />
        <fieldset aria-describedby={errors.capabilities ? "capabilities-error" : undefined}>
          <legend className="text-sm font-medium text-slate-800">Capabilities</legend>
          <div className="mt-2 space-y-2">
            {CAPABILITIES.map((capability) => (
              <label key={capability} className="flex items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  name="capabilities"
                  value={capability}
                  defaultChecked={capability !== "delete"}
                  className="mt-0.5 size-4 shrink-0 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
                />
                <span>
                  <span className="font-medium text-slate-900">{capability}</span>
                  <span className="block text-slate-600">{CAPABILITY_DESCRIPTIONS[capability]}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.capabilities ? (
            <p id="capabilities-error" className="mt-1 text-sm text-red-700">
              {errors.capabilities}
            </p>
          ) : null}
        </fieldset>
        <div className="md:col-span-2">
          <Button type="submit" busy={create.isPending}>
            Create key
          </Button>
        </div>
      </form>
    </Card>
  );
}
