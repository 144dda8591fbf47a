import { MediaDetail } from "@/components/media/media-detail";

export const metadata = { title: "Media · Tessera" };

export default async function MediaPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  let mediaId = id;
  try {
    mediaId = decodeURIComponent(id);
  } catch {
    // A malformed escape: looked up as typed, it is simply not found.
  }
  return <MediaDetail mediaId={mediaId} />;
}
