import { open } from "node:fs/promises";
import { ItemError } from "@/lib/pipeline/types";

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Stream names of an encrypted Office Open XML file (MS-OFFCRYPTO), as a compound file's directory spells them. */
const ENCRYPTED_PACKAGE = Buffer.from("EncryptedPackage", "utf16le");
const ENCRYPTION_INFO = Buffer.from("EncryptionInfo", "utf16le");
/** ODF's manifest marks each encrypted part with this element. */
const ODF_ENCRYPTION = /<manifest:encryption-data[\s>/]/;

/** The error for a file that opens only with its password, named by its type (".xlsx" -> "XLSX"). */
export function passwordProtected(extension: string): ItemError {
  return new ItemError("unsupported_media", `${extension.slice(1).toUpperCase()} file is password-protected (encrypted); remove the password and upload it again`);
}

/**
 * Refuses, with the reason, an Office file that is a compound file where it should not be.
 * A Word, Excel or PowerPoint file saved with a password is no longer a ZIP: Office wraps the
 * encrypted package in a compound file with EncryptionInfo and EncryptedPackage streams,
 * whatever the extension says (.docx, .xlsx, .pptx, and the same file renamed .doc or .xls).
 */
export async function refuseEncryptedOffice(path: string, extension: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    if (!head.equals(OLE2)) return;
    // The directory sits anywhere in the file; files saved by Office are small enough to scan.
    const bytes = Buffer.alloc(size);
    await handle.read(bytes, 0, size, 0);
    if (bytes.includes(ENCRYPTED_PACKAGE) && bytes.includes(ENCRYPTION_INFO)) throw passwordProtected(extension);
    if (extension.endsWith("x")) {
      const type = extension.slice(1).toUpperCase();
      throw new ItemError("corrupt_media", `content is an Office 97-2003 file (OLE2), not ${type}; save it as ${type} and upload it again`);
    }
  } finally {
    await handle.close();
  }
}

/** An OpenDocument file saved with a password keeps its manifest readable and says which parts are encrypted. */
export function refuseEncryptedOdf(manifest: Buffer | undefined, extension: string): void {
  if (manifest && ODF_ENCRYPTION.test(manifest.toString("utf8"))) throw passwordProtected(extension);
}
