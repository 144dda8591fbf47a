"use client";

import { ApiError, type Envelope } from "./api";

/**
 * POST multipart with upload progress, which fetch cannot report. Same contract as
 * apiRequest: the console header, the success envelope back, or an ApiError built from the
 * error envelope (code, message, details).
 */
export function uploadWithProgress<T>(
  path: string,
  form: FormData,
  { onProgress, signal }: { onProgress?: (loaded: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<Envelope<T>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.setRequestHeader("x-tessera-console", "1");
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded, event.total);
    };
    xhr.onload = () => {
      let payload: { success?: boolean; error?: { code: string; message: string; details?: Record<string, unknown> } } | null = null;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        payload = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && payload?.success) return resolve(payload as Envelope<T>);
      const error = payload?.error;
      reject(new ApiError(xhr.status, error?.code ?? "http_error", error?.message ?? `The server answered ${xhr.status}.`, error?.details, `POST ${path}`));
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", "The upload did not reach Tessera. Check your connection and try again.", {}, `POST ${path}`));
    xhr.onabort = () => reject(new DOMException("The upload was stopped.", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
