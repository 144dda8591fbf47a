import { readFile } from "node:fs/promises";
import PostalMime, { type Address, type Email } from "postal-mime";
import { ItemError, type Extraction, type ExtractedSection } from "@/lib/pipeline/types";
import { listShort, quoted, type TextBudget } from "@/lib/pipeline/extract/guards";
import { htmlText } from "@/lib/pipeline/extract/html-text";
import { decodeBytes } from "@/lib/pipeline/extract/text-encoding";
import { cleanSections, groupParagraphs, putText } from "@/lib/pipeline/extract/sections";

// postal-mime's own guards against hostile nesting; its defaults are generous.
const MAX_NESTING = 50;
const MAX_HEADERS_BYTES = 256 * 1024;

/** An e-mail message: its headers as one section, then its body (text part, else HTML as text). */
export async function extractEml(path: string, filename: string | undefined, budget: TextBudget): Promise<Extraction> {
  const bytes = messageBytes(await readFile(path));
  // A message opens with header fields; without one, postal-mime would read anything as a body.
  if (!/^[\x21-\x39\x3b-\x7e]+:/.test(bytes.subarray(0, 1000).toString("latin1").replace(/^\s+/, ""))) {
    throw new ItemError("corrupt_media", "file is not an e-mail message (it does not start with header fields)");
  }
  let email: Email;
  try {
    email = await PostalMime.parse(bytes, { maxNestingDepth: MAX_NESTING, maxHeadersSize: MAX_HEADERS_BYTES, attachmentEncoding: "arraybuffer" });
  } catch (err) {
    throw new ItemError("corrupt_media", `e-mail message could not be parsed: ${(err as Error).message}`);
  }
  const from = email.from ? addresses([email.from]) : "";
  const to = addresses(email.to ?? []);
  const cc = addresses(email.cc ?? []);
  const attachments = email.attachments.filter((a) => a.disposition !== "inline" || a.filename).map((a) => a.filename ?? `(unnamed ${a.mimeType})`);
  const header = [
    email.subject && `Subject: ${email.subject}`,
    from && `From: ${from}`,
    to && `To: ${to}`,
    cc && `Cc: ${cc}`,
    email.date && `Date: ${email.date}`,
    attachments.length > 0 && `Attachments: ${attachments.join(", ")}`,
  ].filter(Boolean);
  const sections: ExtractedSection[] = [{ label: "Message headers", text: budget.take(header.join("\n")) }];
  const body: ExtractedSection[] = email.text?.trim() ? groupParagraphs(email.text) : email.html ? htmlText(email.html).sections : [];
  for (const s of body) sections.push({ label: "Message body", text: budget.take(s.text) });
  const cleaned = cleanSections(sections);
  const metadata: Extraction["metadata"] = { attachments: attachments.length };
  putText(metadata, "subject", email.subject);
  putText(metadata, "from", from);
  putText(metadata, "to", to);
  putText(metadata, "date", email.date);
  metadata.characters = cleaned.reduce((n, s) => n + s.text.length, 0);
  const description =
    `E-mail message${quoted(filename)}${email.subject ? ` with subject '${email.subject}'` : ""}${from ? ` from ${from}` : ""}` +
    `${to ? ` to ${to}` : ""}${email.date ? `, sent ${email.date}` : ""}${attachments.length ? `; attachments: ${listShort(attachments)}` : ""}.`;
  return { sections: cleaned, metadata, description };
}

function addresses(list: Address[]): string {
  const boxes = list.flatMap((a) => (a.group ? a.group : [a]));
  return listShort(boxes.map((b) => (b.name ? `${b.name} <${b.address}>` : b.address)), 10);
}

/**
 * The message as the octets a mail parser expects. Two ways real files differ from that: a
 * message saved by an editor as UTF-16 (decoded here; its characters are already text, so
 * they go back as Latin-1 when they fit, else UTF-8), and a message exported from an mbox
 * (Gmail, Thunderbird), whose first line is the "From sender date" separator, not a header.
 */
function messageBytes(raw: Buffer): Buffer {
  let bytes = raw;
  const decoded = decodeBytes(raw);
  if (decoded.encoding.startsWith("utf-16")) {
    bytes = /^[\u0000-\u00ff]*$/.test(decoded.text) ? Buffer.from(decoded.text, "latin1") : Buffer.from(decoded.text, "utf8");
  }
  if (bytes.subarray(0, 5).toString("latin1") === "From ") {
    const eol = bytes.indexOf(0x0a);
    if (eol > 0 && eol < 1000) bytes = bytes.subarray(eol + 1);
  }
  return bytes;
}
