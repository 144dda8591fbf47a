"use client";

import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import type { FileCheck } from "@/lib/batches/file-rules";
import { formatBytes } from "@/lib/console/format";

export interface SelectedFile {
  key: string;
  file: File;
  check: FileCheck;
  /** The server's reason when it refused this file (invalid_media), e.g. content not matching the extension. */
  serverProblem?: string;
}

export function SelectedFiles({ files, onRemove, disabled }: { files: SelectedFile[]; onRemove: (key: string) => void; disabled?: boolean }) {
  return (
    <ul aria-label="Selected files" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
      {files.map(({ key, file, check, serverProblem }) => {
        const problem = check.problem ?? serverProblem ?? null;
        return (
          <li key={key} className="flex items-start gap-3 px-3 py-2" data-refused={problem ? "" : undefined}>
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-medium text-slate-900" title={file.name}>
                {file.name}
              </p>
              <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <span>{formatBytes(file.size)}</span>
                {check.category ? <Badge>{check.category === "model3d" ? "3D model" : check.category}</Badge> : null}
              </p>
              {problem ? (
                <p className="mt-1 text-sm text-red-700">
                  <span className="sr-only">Refused: </span>
                  {problem}
                </p>
              ) : null}
            </div>
            <Button variant="ghost" size="sm" onClick={() => onRemove(key)} disabled={disabled} aria-label={`Remove ${file.name}`}>
              Remove
            </Button>
          </li>
        );
      })}
    </ul>
  );
}
