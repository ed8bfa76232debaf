// Opening a collection, making a new one, and reading a Nest project into one. Folders are typed
// as paths: the browser (and so the headless app) has no native folder picker.
import { useState } from 'react';
import { COLLECTION_MANIFEST_FILE } from '../../../shared/collection';
import { useAppStore } from '../../store/store-context';
import { Dialog, FormActions, useFormDialog, type FormCheck } from '../../ui/dialog';
import { TextField } from '../../ui/form-fields';

const FOLDER_HINT = 'An absolute path, such as /home/ada/orders-service/patchbay';

export function OpenCollectionDialog({ onClose }: { onClose: () => void }) {
  const openCollection = useAppStore((s) => s.openCollection);
  const [root, setRoot] = useState('');
  const check: FormCheck<'root', string> = root.trim() === '' ? { ok: false, errors: { root: `Give the folder that holds ${COLLECTION_MANIFEST_FILE}` } } : { ok: true, input: root.trim() };
  const form = useFormDialog(check, openCollection, onClose);
  return (
    <Dialog
      title="Open collection"
      subtitle={`A folder of request files with a ${COLLECTION_MANIFEST_FILE}. Changes on disk show up live.`}
      onClose={onClose}
      onSubmit={(event) => void form.submit(event)}
      error={form.formError}
      actions={<FormActions onCancel={onClose} label="Open" busyLabel="Opening…" busy={form.submitting} />}
    >
      <TextField label="Folder" value={root} onChange={setRoot} hint={FOLDER_HINT} mono autoFocus {...form.fieldProps('root')} />
    </Dialog>
  );
}

type NewField = 'root' | 'name';

export function NewCollectionDialog({ onClose }: { onClose: () => void }) {
  const createCollection = useAppStore((s) => s.createCollection);
  const [root, setRoot] = useState('');
  const [name, setName] = useState('');
  const check: FormCheck<NewField, { root: string; name: string }> = (() => {
    const errors: Partial<Record<NewField, string>> = {};
    if (root.trim() === '') errors.root = 'Give a folder for the collection; it is created if missing';
    if (name.trim() === '') errors.name = 'Name the collection, such as orders-service';
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input: { root: root.trim(), name: name.trim() } };
  })();
  const form = useFormDialog(check, (input) => createCollection(input.root, input.name), onClose);
  return (
    <Dialog
      title="New collection"
      subtitle="Requests saved as plain files, to commit next to the service's code."
      onClose={onClose}
      onSubmit={(event) => void form.submit(event)}
      error={form.formError}
      actions={<FormActions onCancel={onClose} label="Create" busyLabel="Creating…" busy={form.submitting} />}
    >
      <TextField label="Name" value={name} onChange={setName} placeholder="orders-service" autoFocus {...form.fieldProps('name')} />
      <TextField label="Folder" value={root} onChange={setRoot} hint={`${FOLDER_HINT}. Secrets and drafts stay in its git-ignored .patchbay/ folder.`} mono {...form.fieldProps('root')} />
    </Dialog>
  );
}

type ImportField = 'project' | 'root';

export function ImportNestDialog({ onClose }: { onClose: () => void }) {
  const importNestProject = useAppStore((s) => s.importNestProject);
  const [project, setProject] = useState('');
  const [root, setRoot] = useState('');
  const [name, setName] = useState('');
  const check: FormCheck<ImportField, { project: string; root: string; name?: string }> = (() => {
    const errors: Partial<Record<ImportField, string>> = {};
    if (project.trim() === '') errors.project = 'Give the folder of the Nest project (the one with its package.json)';
    if (root.trim() === '') errors.root = 'Give a folder for the new collection';
    return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, input: { project: project.trim(), root: root.trim(), ...(name.trim() !== '' ? { name: name.trim() } : {}) } };
  })();
  const form = useFormDialog(check, importNestProject, onClose);
  return (
    <Dialog
      title="Import Nest project"
      subtitle="Every @MessagePattern, @EventPattern and gRPC method becomes a request, with a payload from its DTO."
      onClose={onClose}
      onSubmit={(event) => void form.submit(event)}
      error={form.formError}
      actions={<FormActions onCancel={onClose} label="Import" busyLabel="Importing…" busy={form.submitting} />}
    >
      <TextField label="Nest project folder" value={project} onChange={setProject} hint="Its sources are read, never run." mono autoFocus {...form.fieldProps('project')} />
      <TextField label="Collection folder" value={root} onChange={setRoot} hint={`${FOLDER_HINT}. Created if missing.`} mono {...form.fieldProps('root')} />
      <TextField label="Name (optional)" value={name} onChange={setName} placeholder="The project's name" />
    </Dialog>
  );
}
