import type { Metadata } from "next";
import { Suspense } from "react";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { LoadingRows } from "@/components/ui/states";
import { BatchList } from "@/components/batches/batch-list";

export const metadata: Metadata = { title: "Batches · Tessera" };

export default function BatchesPage() {
  return (
    <>
      <PageHeader title="Batches" description="Every upload, newest first, with its progress and cost." actions={<ButtonLink href="/upload">Upload files</ButtonLink>} />
      <Suspense fallback={<LoadingRows rows={5} label="Loading batches" />}>
        <BatchList />
      </Suspense>
    </>
  );
}
