// Which open collection a dialog saves into (a history entry as a request, traffic as a saga):
// the Collection select, and the error shown when there is none to pick.
import type { CollectionInfo } from '../../../shared/collection';
import { SelectField } from '../../ui/form-fields';

export const NO_COLLECTION_ERROR = 'Open a collection first (Collections in the sidebar), then save into it';

export function CollectionSelect({
  collections,
  value,
  onChange,
  error,
  onBlur,
}: {
  collections: readonly CollectionInfo[];
  value: string;
  onChange: (collectionId: string) => void;
  error?: string;
  onBlur?: () => void;
}) {
  return (
    <SelectField label="Collection" value={value} onChange={onChange} error={error} onBlur={onBlur}>
      {collections.length === 0 && <option value="">No open collections</option>}
      {collections.map((collection) => (
        <option key={collection.collectionId} value={collection.collectionId}>
          {collection.collection.manifest.name}
        </option>
      ))}
    </SelectField>
  );
}
