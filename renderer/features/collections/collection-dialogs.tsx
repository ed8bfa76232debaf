// Opening a collection, making a new one, reading a Nest project into one, and adding a .proto's
// methods to one. Paths are typed: the browser (and so the headless app) has no native file picker.
import { useState } from 'react';
import type { CollectionInfo } from '../../../shared/collection';
import { COLLECTION_MANIFEST_FILE } from '../../../shared/collection';
import type { CommandInput } from '../../../shared/contract';
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

type ProtoField = 'proto' | 'connection' | 'target';

/** Adds a request per gRPC method of a .proto into `folder` of an open collection, on one of its connections (added when new). */
export function ImportProtoDialog({ info, folder, onClose }: { info: CollectionInfo; folder: string; onClose: () => void }) {
  const importProto = useAppStore((s) => s.importProto);
  const grpcConnections = Object.entries(info.collection.manifest.connections)
    .filter(([, connection]) => connection.target.startsWith('grpc'))
    .map(([name]) => name);
  const [proto, setProto] = useState('');
  const [connection, setConnection] = useState(grpcConnections[0] ?? 'grpc');
  const [target, setTarget] = useState('');
  const isNew = !Object.hasOwn(info.collection.manifest.connections, connection.trim());
  const check: FormCheck<ProtoField, CommandInput<'collection.importProto'>> = (() => {
    const errors: Partial<Record<ProtoField, string>> = {};
    if (proto.trim() === '') errors.proto = 'Give the .proto file that defines the service';
    if (connection.trim() === '') errors.connection = 'Name the connection the requests use, such as grpc';
    else if (!isNew && !grpcConnections.includes(connection.trim())) errors.connection = `${connection.trim()} is not a gRPC connection; pick a grpc:// one or a new name`;
    if (isNew && target.trim() !== '' && !target.trim().startsWith('grpc')) errors.target = 'A gRPC target starts with grpc:// or grpcs://';
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    return {
      ok: true,
      input: { collectionId: info.collectionId, proto: proto.trim(), connection: connection.trim(), ...(isNew && target.trim() !== '' ? { target: target.trim() } : {}), ...(folder !== '' ? { folder } : {}) },
    };
  })();
  const form = useFormDialog(check, importProto, onClose);
  return (
    <Dialog
      title="Import .proto"
      subtitle={<>One request per gRPC method, with a template of its request message, into {folder === '' ? <>the top level of {info.collection.manifest.name}</> : <span className="mono">{folder}/</span>}. Existing files are left as they are.</>}
      onClose={onClose}
      onSubmit={(event) => void form.submit(event)}
      error={form.formError}
      actions={<FormActions onCancel={onClose} label="Import" busyLabel="Importing…" busy={form.submitting} />}
    >
      <TextField label=".proto file" value={proto} onChange={setProto} hint="An absolute path, such as /home/ada/orders-service/proto/orders.proto" mono autoFocus {...form.fieldProps('proto')} />
      <TextField label="Connection" value={connection} onChange={setConnection} hint={grpcConnections.length > 0 ? `The collection's gRPC connections: ${grpcConnections.join(', ')}. A new name adds one.` : 'The collection has no gRPC connection yet: this one is added.'} {...form.fieldProps('connection')} />
      {isNew && <TextField label="Target (optional)" value={target} onChange={setTarget} placeholder="grpc://127.0.0.1:50051?proto=…" hint="Default: grpc://127.0.0.1:50051 with this .proto" mono {...form.fieldProps('target')} />}
    </Dialog>
  );
}
