import { ItemError, type Extractor } from "@/lib/pipeline/types";
import { extractEml } from "@/lib/pipeline/extract/eml-text";
import { extractEpub } from "@/lib/pipeline/extract/epub-text";
import { ensureReadable, TextBudget, throwIfCancelled } from "@/lib/pipeline/extract/guards";

/** .epub (chapters in reading order) and .eml (headers, body, attachment names). */
export const extractEbook: Extractor = async ({ path, extension, filename, signal }) => {
  throwIfCancelled(signal);
  await ensureReadable(path);
  const budget = new TextBudget();
  if (extension === ".epub") return extractEpub(path, filename, budget, signal);
  if (extension === ".eml") return extractEml(path, filename, budget);
  throw new ItemError("unsupported_media", `${extension || "this file type"} is not an e-book or e-mail type`);
};
