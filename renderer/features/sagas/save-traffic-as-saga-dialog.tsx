// "Save as saga": the requests and events picked in the traffic view become a saga file of an open
// collection (`saga.fromTraffic`), each request with the reply it got, to replay later with a diff
// against the recording. Each traffic connection is mapped to one of the collection's, or added to
// it; by default the engine takes the one with the same URL, else adds it. Once written, the saga
// opens in its view.
import { useState } from 'react';
import type { CollectionInfo } from '../../../shared/collection';
import type { ConnectionInfo } from '../../../shared/connection';
import { isSagaFileName, SAGA_FILE_SUFFIXES, sagaNameOfFile } from '../../../shared/saga';
import { targetToUrl } from '../../../shared/target-url';
import type { TrafficEntry } from '../../../shared/traffic';
import { isReplayable } from '../../store/traffic-view-slice';
import { useAppStore } from '../../store/store-context';
import { Dialog, FormActions, useFormDialog, type FormCheck } from '../../ui/dialog';
import { SelectField, TextField } from '../../ui/form-fields';
import { CollectionSelect, NO_COLLECTION_ERROR } from '../collections/collection-select';
import '../../styles/saga-replay.css';

type Field = 'collection' | 'path';
type Input = { collectionId: string; path: string; name?: string; connections: Record<string, string> };

/** The mapping select's choice that lets the engine decide: the same URL, else a new connection. */
const AUTOMATIC = '';
/** Prefixes a choice that adds the traffic connection under a new name. */
const ADD_NEW = '\u0000new:';

export function SaveTrafficAsSagaDialog({ onClose, onSaved }: { onClose: () => void; onSaved?: (path: string) => void }) {
  const collections = useAppStore((s) => s.collections);
  const openConnections = useAppStore((s) => s.connections);
  const marked = useAppStore((s) => s.trafficView.marked);
  const save = useAppStore((s) => s.saveTrafficAsSaga);
  const clearMarks = useAppStore((s) => s.clearTrafficMarks);
  const openSaga = useAppStore((s) => s.openSaga);

  const picked = [...marked.values()].filter(isReplayable).sort((a, b) => a.seq - b.seq);
  const trafficConnections = [...new Set(picked.map((entry) => entry.connectionName))];
  const [collectionId, setCollectionId] = useState(collections[0]?.collectionId ?? '');
  const [path, setPath] = useState(() => suggestedPath(picked));
  const [name, setName] = useState('');
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const info = collections.find((collection) => collection.collectionId === collectionId);
  const manifestConnections = info?.collection.manifest.connections ?? {};

  const check: FormCheck<Field, Input> = (() => {
    const errors: Partial<Record<Field, string>> = {};
    if (!info) errors.collection = NO_COLLECTION_ERROR;
    const trimmed = path.trim();
    if (trimmed === '') errors.path = 'Give the saga a file path, e.g. recorded/checkout.saga.yaml';
    else if (!isSagaFileName(trimmed.split('/').pop() ?? '')) errors.path = `End the file name in ${SAGA_FILE_SUFFIXES.join(', ')}, e.g. recorded/checkout.saga.yaml`;
    if (picked.length === 0) return { ok: false, errors, formError: 'Pick at least one request or event in the traffic log' };
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const connections = Object.fromEntries(
      Object.entries(mapping)
        .filter(([, choice]) => choice !== AUTOMATIC)
        .map(([traffic, choice]) => [traffic, choice.startsWith(ADD_NEW) ? choice.slice(ADD_NEW.length) : choice]),
    );
    return { ok: true, input: { collectionId, path: trimmed, ...(name.trim() ? { name: name.trim() } : {}), connections } };
  })();

  const form = useFormDialog(
    check,
    async (input) => {
      const result = await save(input);
      if (result.ok) {
        clearMarks();
        openSaga(input.collectionId, result.value.path);
        onSaved?.(result.value.path);
      }
      return result;
    },
    onClose,
  );

  const requests = picked.filter((entry) => entry.kind === 'request').length;
  const events = picked.length - requests;
  const leftOut = marked.size - picked.length;

  return (
    <Dialog
      title="Save as saga"
      subtitle={
        <>
          {countOf(requests, 'request')}
          {events > 0 && <> and {countOf(events, 'event')}</>} become steps, each request with the reply it got, to replay with a diff against this recording.
          {leftOut > 0 && <> {countOf(leftOut, 'other entry', 'other entries')} (replies, failures) come with their requests.</>}
        </>
      }
      onClose={onClose}
      onSubmit={(event) => void form.submit(event)}
      error={form.formError}
      actions={<FormActions onCancel={onClose} label="Save saga" busyLabel="Saving…" busy={form.submitting} />}
    >
      <CollectionSelect
        collections={collections}
        value={collectionId}
        onChange={(id) => {
          setCollectionId(id);
          setMapping({});
        }}
        {...form.fieldProps('collection')}
      />
      <div className="field-row">
        <TextField label="File" value={path} onChange={setPath} mono grow hint="Relative to the collection; an existing file is never replaced" {...form.fieldProps('path')} />
        <TextField label="Name" value={name} onChange={setName} placeholder={sagaNameOfFile(path.trim())} width="34%" />
      </div>
      {trafficConnections.length > 0 && (
        <fieldset className="replay-mapping">
          <legend className="field__label">Connections</legend>
          <p className="replay-mapping__intro">The saga runs over the collection's connections: pick which one stands for each connection of the traffic.</p>
          <ul className="replay-mapping__rows">
            {trafficConnections.map((traffic) => {
              const open = openConnections.find((connection) => connection.name === traffic);
              const choice = mapping[traffic] ?? AUTOMATIC;
              return (
                <li key={traffic} className="replay-mapping__row">
                  <span className="replay-mapping__from">
                    <span className="replay-mapping__name ellipsis" title={traffic}>
                      {traffic}
                    </span>
                    <span className="replay-mapping__url mono ellipsis">{open ? targetToUrl(open.target, { hidePasswords: true }) : 'closed'}</span>
                  </span>
                  <span className="replay-mapping__arrow" aria-hidden="true">
                    →
                  </span>
                  <SelectField label={`Collection connection for ${traffic}`} value={choice} onChange={(value) => setMapping({ ...mapping, [traffic]: value })} grow hint={automaticHint(choice, traffic, open, info)}>
                    <option value={AUTOMATIC}>Automatic</option>
                    {Object.keys(manifestConnections).map((candidate) => (
                      <option key={candidate} value={candidate}>
                        {candidate}
                      </option>
                    ))}
                    {open && !Object.hasOwn(manifestConnections, traffic) && <option value={`${ADD_NEW}${traffic}`}>Add “{traffic}”</option>}
                  </SelectField>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
    </Dialog>
  );
}

/** What "Automatic" will do, as far as the renderer can tell (the engine decides, comparing parsed URLs). */
function automaticHint(choice: string, traffic: string, open: ConnectionInfo | undefined, info: CollectionInfo | undefined): string | undefined {
  if (choice !== AUTOMATIC) return choice.startsWith(ADD_NEW) ? `Adds “${traffic}” to the collection with this URL (no password)` : undefined;
  const connections = info?.collection.manifest.connections ?? {};
  if (!open) return Object.hasOwn(connections, traffic) ? `Uses “${traffic}”, of the same name` : 'Closed: pick a collection connection, or open it again';
  const url = targetToUrl(open.target, { hidePasswords: true });
  const same = Object.entries(connections).find(([, connection]) => connection.target === url)?.[0];
  return same ? `Uses “${same}”: same URL` : `Uses the connection with the same URL, else adds “${traffic}”`;
}

/** `recorded/users-create.saga.yaml`, after the first request's pattern. */
function suggestedPath(entries: TrafficEntry[]): string {
  const first = entries.find((entry) => entry.kind === 'request') ?? entries[0];
  const words = (first?.pattern ?? 'replay').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return `recorded/${words || 'replay'}.saga.yaml`;
}

const countOf = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
