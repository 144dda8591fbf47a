import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { UploadForm } from "@/components/batches/upload-form";

export const metadata: Metadata = { title: "Upload · Tessera" };

export default function UploadPage() {
  return (
    <>
      <PageHeader title="Upload" description="Add files to a collection: they are checked here with the API's rules, priced, then processed into searchable vectors." />
      <UploadForm />
    </>
  );
}
