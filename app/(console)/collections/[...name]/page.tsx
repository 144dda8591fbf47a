import { CollectionDetail } from "@/components/collections/collection-detail";

export const metadata = { title: "Collection · Tessera" };

/** A valid collection name cannot hold '%', so decoding segments the router already decoded changes nothing. */
function nameFromSegments(segments: string[]): string {
  try {
    return segments.map((s) => decodeURIComponent(s)).join("/");
  } catch {
    return segments.join("/");
  }
}

export default async function CollectionPage({ params }: { params: Promise<{ name: string[] }> }) {
  const { name } = await params;
  return <CollectionDetail name={nameFromSegments(name)} />;
}
