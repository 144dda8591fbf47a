import type { Metadata } from "next";
import { StatusView } from "@/components/status/status-view";
import { getProcessingLimits } from "@/lib/status/get-processing-limits";

export const metadata: Metadata = { title: "Status · Tessera" };
export const dynamic = "force-dynamic";

export default function StatusPage() {
  return <StatusView limits={getProcessingLimits()} />;
}
