import { CollectionList } from "@/components/collections/collection-list";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Collections · Tessera" };

export default function CollectionsPage() {
  return (
    <>
      <PageHeader title="Collections" description="Where processed media lives. Open one to see its media and what was extracted." actions={<ButtonLink href="/upload" variant="secondary">Upload</ButtonLink>} />
      <CollectionList />
    </>
  );
}
