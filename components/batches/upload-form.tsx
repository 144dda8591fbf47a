"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Alert } from "@/components/ui/states";
import { BatchOptions, CollectionId } from "@/lib/batches/batch-settings";
import { checkFile, selectionProblems } from "@/lib/batches/file-rules";
import { ApiError } from "@/lib/console/api";
import { formatBytes, formatDollars } from "@/lib/console/format";
import { invalidateAfter } from "@/lib/console/queries";
import { uploadWithProgress } from "@/lib/console/upload-with-progress";
import { DEFAULT_COLLECTION_ID, type MediaCategory } from "@/lib/constants";
import { CollectionPicker, NEW_COLLECTION } from "./collection-picker";
import { FileDropZone } from "./file-drop-zone";
import { SelectedFiles, type SelectedFile } from "./selected-files";
import type { BatchCreated } from "./types";
import { UploadEstimate } from "./upload-estimate";

const fileKey = (f: File) => `${f.name}:${f.size}:${f.lastModified}`;
const firstIssue = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (result.success ? null : (result.error?.issues[0]?.message ?? "invalid"));

export function UploadForm() {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<SelectedFile[]>([]);
  const [choice, setChoice] = useState(DEFAULT_COLLECTION_ID);
  const [newName, setNewName] = useState("");
  const [batchName, setBatchName] = useState("");
  const [showErrors, setShowErrors] = useState(false);
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const [progress, setProgress] = useState<{ loaded: number; total: number } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const uploading = progress !== null;

  const collection = choice === NEW_COLLECTION ? newName.trim() : choice;
  const collectionError = choice === NEW_COLLECTION ? (collection ? firstIssue(CollectionId.safeParse(collection)) : "Enter a name for the new collection.") : null;
  const batchNameError = batchName.trim() ? firstIssue(BatchOptions.shape.batch_name.safeParse(batchName.trim())) : null;
  const refused = files.filter((f) => f.check.problem || f.serverProblem);
  const requestProblems = selectionProblems(files.map((f) => f.file));
  const accepted = files.filter((f) => !f.check.problem).map((f) => f.check.category as MediaCategory);
  const clientProblems = [
    ...(files.length === 0 ? ["Add at least one file."] : []),
    ...(refused.length ? [`Remove the ${refused.length === 1 ? "file" : `${refused.length} files`} marked as refused.`] : []),
    ...requestProblems,
    ...(collectionError ? [`Collection: ${collectionError}`] : []),
    ...(batchNameError ? [`Batch name: ${batchNameError}`] : []),
  ];

  function addFiles(chosen: File[]) {
    setServerError(null);
    setFiles((current) => {
      const seen = new Set(current.map((f) => f.key));
      const added = chosen.filter((f) => !seen.has(fileKey(f))).map((file) => ({ key: fileKey(file), file, check: checkFile({ name: file.name, size: file.size }) }));
      return [...current, ...added];
    });
  }

  async function submit() {
    setShowErrors(true);
    setServerError(null);
    if (clientProblems.length) {
      summary.current?.focus();
      return;
    }
    const form = new FormData();
    for (const { file } of files) form.append("file", file, file.name);
    form.append("collection_id", collection);
    if (batchName.trim()) form.append("batch_options", JSON.stringify({ batch_name: batchName.trim() }));
    abort.current = new AbortController();
    setProgress({ loaded: 0, total: files.reduce((sum, f) => sum + f.file.size, 0) });
    try {
      const created = await uploadWithProgress<BatchCreated>("/v1/batches", form, {
        signal: abort.current.signal,
        onProgress: (loaded, total) => setProgress({ loaded, total }),
      });
      await invalidateAfter.upload(queryClient);
      router.push(`/batches/${created.data.batch_id}`);
    } catch (error) {
      setProgress(null);
      if (error instanceof DOMException && error.name === "AbortError") return;
      const apiError = error instanceof ApiError ? error : new ApiError(0, "network_error", "The upload failed.");
      if (apiError.code === "invalid_media" && Array.isArray(apiError.details.files)) {
        const reasons = new Map((apiError.details.files as Array<{ filename: string; reason: string }>).map((f) => [f.filename, f.reason]));
        setFiles((current) => current.map((f) => ({ ...f, serverProblem: reasons.get(f.file.name) })));
      }
      setServerError(apiError);
      summary.current?.focus();
    }
  }

  return (
    <form
      noValidate
      className="space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div ref={summary} tabIndex={-1} className="space-y-3 outline-none">
        {serverError ? <ServerErrorAlert error={serverError} /> : null}
        {showErrors && clientProblems.length && !serverError ? (
          <Alert tone="error" title="Fix these before uploading">
            <ul className="list-disc pl-5">
              {clientProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
      </div>

      <Card title="Where to">
        <div className="space-y-4">
          <CollectionPicker
            choice={choice}
            onChoice={setChoice}
            newName={newName}
            onNewName={setNewName}
            newNameError={showErrors || newName ? collectionError : null}
            disabled={uploading}
          />
          <Field
            label="Batch name (optional)"
            value={batchName}
            onChange={(e) => setBatchName(e.target.value)}
            error={batchNameError}
            placeholder="e.g. November reports"
            disabled={uploading}
          />
        </div>
      </Card>

      <Card title="Files">
        <div className="space-y-4">
          <FileDropZone onFiles={addFiles} disabled={uploading} />
          {requestProblems.length ? (
            <Alert tone="error" title="Too much for one batch">
              {requestProblems.map((p) => (
                <p key={p}>{p}</p>
              ))}
            </Alert>
          ) : null}
          {files.length ? (
            <>
              <p className="text-sm text-slate-700">
                {files.length} {files.length === 1 ? "file" : "files"}, {formatBytes(files.reduce((sum, f) => sum + f.file.size, 0))}
                {refused.length ? <span className="text-red-700"> · {refused.length} refused</span> : null}
              </p>
              <SelectedFiles
                files={files}
                disabled={uploading}
                onRemove={(key) => {
                  setServerError(null);
                  setFiles((current) => current.filter((f) => f.key !== key));
                }}
              />
            </>
          ) : null}
        </div>
      </Card>

      <Card title="Cost">
        <UploadEstimate categories={accepted} />
      </Card>

      {progress ? <UploadProgress loaded={progress.loaded} total={progress.total} onStop={() => abort.current?.abort()} /> : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" busy={uploading}>
          {uploading ? "Uploading…" : files.length ? `Upload ${files.length} ${files.length === 1 ? "file" : "files"}` : "Upload"}
        </Button>
        <p className="text-xs text-slate-600">The batch page shows each file&apos;s progress after the upload.</p>
      </div>
    </form>
  );
}

function UploadProgress({ loaded, total, onStop }: { loaded: number; total: number; onStop: () => void }) {
  const percent = total ? Math.min(100, Math.round((loaded / total) * 100)) : 0;
  const sent = total > 0 && loaded >= total;
  return (
    <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span id="upload-progress-label" className="font-medium text-slate-900">
          {sent ? "Checking the files on the server…" : `Uploading: ${formatBytes(loaded)} of ${formatBytes(total)}`}
        </span>
        {!sent ? (
          <Button variant="secondary" size="sm" onClick={onStop}>
            Stop upload
          </Button>
        ) : null}
      </div>
      <div role="progressbar" aria-labelledby="upload-progress-label" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 rounded-full bg-slate-100">
        <div className="h-2 rounded-full bg-indigo-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

function ServerErrorAlert({ error }: { error: ApiError }) {
  const d = error.details;
  if (error.code === "insufficient_funds") {
    return (
      <Alert tone="error" title="Not enough credit">
        <p>{error.message}.</p>
        {typeof d.required_amount === "number" && typeof d.current_balance === "number" ? (
          <p className="mt-1">
            This batch costs {formatDollars(d.required_amount)}; your balance is {formatDollars(d.current_balance)}.{" "}
            <Link href="/billing" className="underline">
              Add funds
            </Link>
          </p>
        ) : null}
      </Alert>
    );
  }
  return (
    <Alert tone="error" title={error.code === "invalid_media" ? "Some files were refused" : "The upload failed"}>
      <p>{error.message}</p>
      {typeof d.suggestion === "string" ? <p className="mt-1">{d.suggestion}</p> : null}
    </Alert>
  );
}
