import type { Metadata } from "next";
import { BatchDetail } from "@/components/batches/batch-detail";

export const metadata: Metadata = { title: "Batch · Tessera" };

export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <BatchDetail batchId={id} />;
}
