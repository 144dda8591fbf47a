"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ACCEPTED_EXTENSIONS } from "@/lib/batches/file-rules";
import { MAX_BATCH_BYTES, MAX_FILES_PER_BATCH } from "@/lib/constants";
import { formatBytes } from "@/lib/console/format";

/** Drop files here, or choose them with a real button (keyboard and screen readers) over a hidden input. */
export function FileDropZone({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      data-testid="drop-zone"
      onDragOver={(event) => {
        event.preventDefault();
        if (!disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        if (!disabled && event.dataTransfer.files.length) onFiles([...event.dataTransfer.files]);
      }}
      className={`flex flex-col items-center justify-center gap-3 rounded-lg border-2 border-dashed px-4 py-8 text-center transition-colors ${
        over ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white"
      }`}
    >
      <p className="text-sm text-slate-700">
        <span className="font-medium text-slate-900">Drag and drop files here</span> or
      </p>
      <Button variant="secondary" onClick={() => input.current?.click()} disabled={disabled}>
        Choose files
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        aria-label="Files to upload"
        tabIndex={-1}
        className="sr-only"
        accept={ACCEPTED_EXTENSIONS.join(",")}
        onChange={(event) => {
          const chosen = [...(event.target.files ?? [])];
          // Reset so choosing the same file again after removing it still fires onChange.
          event.target.value = "";
          if (chosen.length) onFiles(chosen);
        }}
      />
      <p className="max-w-prose text-xs text-slate-500">
        Up to {MAX_FILES_PER_BATCH} files and {formatBytes(MAX_BATCH_BYTES)} per batch. Documents, web pages, e-books, presentations, spreadsheets, images, video, audio
        and 3D models.
      </p>
    </div>
  );
}
