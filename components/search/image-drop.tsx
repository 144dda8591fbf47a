"use client";

import { useState } from "react";
import { CATEGORIES } from "@/lib/constants";
import { formatBytes } from "@/lib/console/format";

/** The formats POST /v1/search decodes for an image query (lib/search/search-by-image.ts sniffImage). */
const QUERY_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];

export function imageProblem(file: File): string | null {
  if (!QUERY_IMAGE_TYPES.includes(file.type)) return "Use a PNG, JPEG or WebP picture.";
  if (file.size > CATEGORIES.image.maxBytes) return `The picture is larger than ${formatBytes(CATEGORIES.image.maxBytes)}.`;
  return null;
}

/** A drop zone that is also a labelled file input, so keyboards and screen readers can use it. */
export function ImageDrop({ image, onImage, error }: { image: File | null; onImage: (file: File | null) => void; error?: string | null }) {
  const [over, setOver] = useState(false);
  return (
    <div>
      <label
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const file = e.dataTransfer.files[0];
          if (file) onImage(file);
        }}
        className={`flex cursor-pointer flex-col items-center justify-center rounded-md border-2 border-dashed px-3 py-4 text-center text-sm focus-within:outline-2 focus-within:outline-indigo-600 ${over ? "border-indigo-500 bg-indigo-50" : "border-slate-300 bg-white hover:bg-slate-50"}`}
      >
        <span className="font-medium text-slate-800">Search by image</span>
        <span className="mt-1 text-xs text-slate-600">{image ? image.name : "Drop a PNG, JPEG or WebP here, or choose one"}</span>
        <input
          type="file"
          accept={QUERY_IMAGE_TYPES.join(",")}
          className="sr-only"
          aria-describedby={error ? "image-drop-error" : undefined}
          onChange={(e) => {
            onImage(e.target.files?.[0] ?? null);
            e.target.value = "";
          }}
        />
      </label>
      {error && (
        <p id="image-drop-error" className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
      {image && (
        <button type="button" onClick={() => onImage(null)} className="mt-1 text-sm text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600">
          Clear image (search by text)
        </button>
      )}
    </div>
  );
}
