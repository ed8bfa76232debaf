// "Save to collection": a history entry becomes a request file of an open collection — which
// collection, which folder, its name (and so its file name), and which of the collection's
// connections it goes over. The new request opens in a tab.
import { useState } from 'react';
import type { HistoryEntry } from '../../../shared/history';
import { savedRequestPath, suggestedRequestName, type SaveTarget } from '../../store/history-slice';
import { useAppStore } from '../../store/store-context';
import { Dialog, FormActions, useFormDialog, type FormCheck } from '../../ui/dialog';
import { SelectField, TextField } from '../../ui/form-fields';
import { CollectionSelect, NO_COLLECTION_ERROR } from '../collections/collection-select';

type Field = 'collection' | 'name' | 'connection';

export function SaveToCollectionDialog({ entry, onClose }: { entry: HistoryEntry; onClose: () => void }) {
  const collections = useAppStore((s) => s.collections);
  const save = useAppStore((s) => s.saveHistoryToCollection);
  const [collectionId, setCollectionId] = useState(collections[0]?.collectionId ?? '');
  const [folder, setFolder] = useState('');
  const [name, setName] = useState(suggestedRequestName(entry.pattern));
  const info = collections.find((collection) => collection.collectionId === collectionId);
  const connections = Object.keys(info?.collection.manifest.connections ?? {});
  // The connection named like the one it went over, else the only one.
  const [connection, setConnection] = useState(() => pickConnection(Object.keys(collections[0]?.collection.manifest.connections ?? {}), entry.connection.name));

  const check: FormCheck<Field, SaveTarget> = (() => {
    const errors: Partial<Record<Field, string>> = {};
    if (!info) errors.collection = NO_COLLECTION_ERROR;
    if (name.trim() === '') errors.name = 'Name the request, e.g. create user';
    if (info && connections.length === 0) errors.connection = `${info.collection.manifest.name} has no connections: add one to its patchbay-collection.yaml`;
    else if (info && !connections.includes(connection)) errors.connection = 'Pick the connection the request goes over';
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input: { collectionId, folder, name: name.trim(), connection } };
  })();
  const form = useFormDialog(check, (target) => save(entry.id, target), onClose);

  return (
    <Dialog
      title="Save to collection"
      subtitle="The request becomes a file in the collection, opened in a tab."
      onClose={onClose}
      onSubmit={(event) => void form.submit(event)}
      error={form.formError}
      actions={<FormActions onCancel={onClose} label="Save" busyLabel="Saving…" busy={form.submitting} />}
    >
      <CollectionSelect
        collections={collections}
        value={collectionId}
        onChange={(id) => {
          setCollectionId(id);
          setFolder('');
          setConnection(pickConnection(Object.keys(collections.find((collection) => collection.collectionId === id)?.collection.manifest.connections ?? {}), entry.connection.name));
        }}
        {...form.fieldProps('collection')}
      />
      <div className="field-row">
        <SelectField label="Folder" value={folder} onChange={setFolder} grow>
          <option value="">Top level</option>
          {(info?.folders ?? []).map((path) => (
            <option key={path} value={path}>
              {path}
            </option>
          ))}
        </SelectField>
        <SelectField label="Connection" value={connection} onChange={setConnection} grow {...form.fieldProps('connection')}>
          {connections.length === 0 && <option value="">No connections</option>}
          {connections.map((candidate) => (
            <option key={candidate} value={candidate}>
              {candidate}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField label="Name" value={name} onChange={setName} hint={`Saved as ${savedRequestPath({ folder, name })}`} mono {...form.fieldProps('name')} />
    </Dialog>
  );
}

function pickConnection(names: string[], sentOver: string): string {
  return names.find((name) => name === sentOver) ?? names[0] ?? '';
}
