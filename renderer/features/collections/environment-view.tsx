// A collection's environments: pick one, edit its variables (saved to environments/<name>.yaml),
// and give its secrets values, which the engine keeps in this machine's secret store — never in
// the collection's files. New environments start empty. Unsaved edits of variables and secret
// names are the store's `environmentDrafts` (kept over a reload with the workspace); a secret's
// value being typed is this view's alone until Set sends it to the secret store.
import '../../styles/runs-history.css';
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { CollectionInfo, Environment, SecretSource } from '../../../shared/collection';
import { ENVIRONMENTS_FOLDER } from '../../../shared/collection';
import { useAppStore } from '../../store/store-context';
import { Button, IconButton } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { CloseIcon, PlusIcon, TrashIcon, WarningIcon } from '../../ui/icons';
import { ViewError } from '../../ui/view-error';
import { checkEnvironmentDraft, checkEnvironmentName, environmentDraft, isEnvironmentEdited, secretEnvironmentVariable, type EnvironmentDraft } from '../../store/collections/environment-draft';
import { problemPlace } from '../../store/collections/collection-tree';

export function EnvironmentView({ collectionId, name }: { collectionId: string; name: string }) {
  const info = useAppStore((s) => s.collections.find((collection) => collection.collectionId === collectionId));
  const showView = useAppStore((s) => s.showView);
  const hasTabs = useAppStore((s) => s.tabs.length > 0);
  const [creating, setCreating] = useState(false);
  const close = () => showView(hasTabs ? { kind: 'request' } : { kind: 'composer' });

  if (!info) {
    return (
      <section className="view" role="region" aria-label="Environments">
        <EmptyState title="This collection is closed">
          <Button onClick={close}>Back</Button>
        </EmptyState>
      </section>
    );
  }
  const names = Object.keys(info.collection.environments);
  const problem = info.collection.problems.find((candidate) => candidate.path.replace(/\.(ya?ml|json)$/, '') === `${ENVIRONMENTS_FOLDER}/${name}`);
  const environment = info.collection.environments[name];
  const shownNames = name !== '' && !names.includes(name) && problem ? [...names, name] : names;

  return (
    <section className="view env-view" role="region" aria-label={`Environments of ${info.collection.manifest.name}`}>
      <header className="view__header">
        <div className="view__heading">
          <div className="view__title-row">
            <h2 className="view__title ellipsis">Environments · {info.collection.manifest.name}</h2>
          </div>
          <p className="view__subtitle">
            Values for <span className="mono">{'{{name}}'}</span> in the collection&apos;s requests and connections
          </p>
        </div>
        <Button variant="secondary" icon={<CloseIcon />} onClick={close}>
          Close
        </Button>
      </header>
      <nav className="env-tabs" aria-label="Environments">
        {shownNames.map((candidate) => {
          const missing = Object.values(info.secrets[candidate] ?? {}).filter((source) => source === 'missing').length;
          return (
            <button
              key={candidate}
              type="button"
              className={`env-tab${candidate === name && !creating ? ' env-tab--current' : ''}`}
              aria-current={candidate === name && !creating ? 'page' : undefined}
              onClick={() => {
                setCreating(false);
                showView({ kind: 'environment', collectionId, name: candidate });
              }}
            >
              {candidate}
              {missing > 0 && (
                <span className="env-tab__warning" role="img" aria-label={`${missing} secret${missing === 1 ? '' : 's'} missing`}>
                  <WarningIcon size={13} />
                </span>
              )}
            </button>
          );
        })}
        <Button variant="ghost" size="sm" icon={<PlusIcon />} onClick={() => setCreating(true)} aria-pressed={creating}>
          New environment
        </Button>
      </nav>
      <div className="env-view__body">
        {creating ? (
          <NewEnvironment
            info={info}
            onCreated={(created) => {
              setCreating(false);
              showView({ kind: 'environment', collectionId, name: created });
            }}
            onCancel={() => setCreating(false)}
          />
        ) : problem && !environment ? (
          <ViewError
            message={
              <>
                <span className="mono">{problemPlace(problem)}</span>: {problem.message} — fix the file; Patchbay does not overwrite a file it cannot read.
              </>
            }
          />
        ) : environment ? (
          <EnvironmentEditor key={name} info={info} name={name} saved={environment} />
        ) : (
          <EmptyState title={names.length === 0 ? 'No environments yet' : 'Pick an environment'}>
            <p>An environment holds the values of the collection&apos;s variables (hosts, ports, ids) and the names of the secrets it needs, in {ENVIRONMENTS_FOLDER}/NAME.yaml.</p>
            <Button variant="primary" icon={<PlusIcon />} onClick={() => setCreating(true)}>
              New environment
            </Button>
          </EmptyState>
        )}
      </div>
    </section>
  );
}

function NewEnvironment({ info, onCreated, onCancel }: { info: CollectionInfo; onCreated: (name: string) => void; onCancel: () => void }) {
  const saveEnvironment = useAppStore((s) => s.saveEnvironment);
  const inputId = useId();
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const problem = checkEnvironmentName(name, Object.keys(info.collection.environments));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problem || busy) return;
    setBusy(true);
    const result = await saveEnvironment(info.collectionId, name.trim(), { variables: {}, secrets: [] });
    setBusy(false);
    if (result.ok) onCreated(name.trim());
    else setError(result.error.message);
  };

  const shown = error ?? (tried ? problem : undefined);
  return (
    <form className="env-new" aria-label="New environment" onSubmit={submit} noValidate>
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          Name of the new environment
        </label>
        <div className="env-new__row">
          <input
            id={inputId}
            className="input input--mono"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setError(undefined);
            }}
            placeholder="production"
            autoFocus
            spellCheck={false}
            autoComplete="off"
            aria-invalid={shown ? 'true' : undefined}
            aria-describedby={`${inputId}-message`}
          />
          <Button type="submit" variant="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create'}
          </Button>
          <Button onClick={onCancel}>Cancel</Button>
        </div>
        <p className={shown ? 'field__error' : 'field__hint'} id={`${inputId}-message`}>
          {shown ?? `Saved as ${ENVIRONMENTS_FOLDER}/${name.trim() || 'NAME'}.yaml, with no variables yet.`}
        </p>
      </div>
    </form>
  );
}

function EnvironmentEditor({ info, name, saved }: { info: CollectionInfo; name: string; saved: Environment }) {
  const saveEnvironment = useAppStore((s) => s.saveEnvironment);
  const editEnvironment = useAppStore((s) => s.editEnvironment);
  const revertEnvironment = useAppStore((s) => s.revertEnvironment);
  // When the files change under us (another editor, git), the store keeps edits and lets an unedited draft take the new values.
  const stored = useAppStore((s) => s.environmentDrafts[info.collectionId]?.[name]);
  const draft = useMemo(() => stored ?? environmentDraft(saved), [stored, saved]);
  const setDraft = (update: (current: EnvironmentDraft) => EnvironmentDraft) => editEnvironment(info.collectionId, name, update);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [tried, setTried] = useState(false);
  const check = checkEnvironmentDraft(draft);
  const dirty = isEnvironmentEdited(draft, saved);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!check.ok || saving) return;
    setSaving(true);
    setSaveError(undefined);
    const result = await saveEnvironment(info.collectionId, name, check.environment);
    setSaving(false);
    if (!result.ok) setSaveError(result.error.message);
  };
  const errors = tried || draft.rows.some((row) => row.name !== '') ? (check.ok ? {} : check.errors) : {};
  const setRow = (index: number, patch: Partial<EnvironmentDraft['rows'][number]>) => setDraft((current) => ({ ...current, rows: current.rows.map((row, at) => (at === index ? { ...row, ...patch } : row)) }));

  return (
    <form className="env-editor" aria-label={`Environment ${name}`} onSubmit={save} noValidate>
      <section className="env-section" aria-labelledby="env-variables-title">
        <header className="env-section__header">
          <h3 id="env-variables-title" className="env-section__title">
            Variables
            <span className="env-section__file mono">
              {ENVIRONMENTS_FOLDER}/{name}.yaml
            </span>
          </h3>
          <div className="env-section__actions">
            {saveError && (
              <p className="form-error" role="alert">
                <WarningIcon />
                <span>{saveError}</span>
              </p>
            )}
            <Button size="sm" disabled={!dirty || saving} onClick={() => revertEnvironment(info.collectionId, name)}>
              Revert
            </Button>
            <Button type="submit" size="sm" variant="primary" disabled={!dirty || saving}>
              {saving ? 'Saving…' : 'Save'}
            </Button>
          </div>
        </header>
        <table className="env-table" aria-label="Variables">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.rows.map((row, index) => {
              const error = errors.rows?.[index];
              const label = row.name.trim() || `variable ${index + 1}`;
              return (
                <tr key={row.key}>
                  <td>
                    <input
                      className="input input--mono"
                      aria-label={`Name of ${label}`}
                      value={row.name}
                      onChange={(event) => setRow(index, { name: event.target.value })}
                      aria-invalid={error ? 'true' : undefined}
                      title={error}
                      spellCheck={false}
                      autoComplete="off"
                    />
                    {error && <p className="field__error">{error}</p>}
                  </td>
                  <td>
                    <input
                      className="input input--mono"
                      aria-label={`Value of ${label}`}
                      value={row.value}
                      onChange={(event) => setRow(index, { value: event.target.value })}
                      placeholder="text, or JSON: 42, true, {&quot;a&quot;: 1}"
                      spellCheck={false}
                      autoComplete="off"
                    />
                  </td>
                  <td className="env-table__remove">
                    <IconButton label={`Remove ${label}`} onClick={() => setDraft((current) => ({ ...current, rows: current.rows.filter((_, at) => at !== index) }))}>
                      <TrashIcon size={14} />
                    </IconButton>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {draft.rows.length === 0 && <p className="env-section__empty">No variables yet.</p>}
        <div className="env-section__footer">
          <Button size="sm" variant="ghost" icon={<PlusIcon />} onClick={() => setDraft((current) => ({ ...current, rows: [...current.rows, { key: current.nextKey, name: '', value: '' }], nextKey: current.nextKey + 1 }))}>
            Add variable
          </Button>
          <p className="field__hint">A value that is valid JSON (42, true, [1, 2]) is used as that value; anything else as text. Put text that looks like JSON in quotes.</p>
        </div>
      </section>
      <SecretsSection info={info} environment={name} draft={draft} onDraft={setDraft} savedSecrets={saved.secrets} secretsError={errors.secrets} />
    </form>
  );
}

const secretSourceText = (source: SecretSource | undefined, name: string) =>
  source === 'store' ? 'Set on this machine' : source === 'process' ? `From ${secretEnvironmentVariable(name)}` : source === 'missing' ? 'Missing' : 'Save to set its value';

function SecretsSection({
  info,
  environment,
  draft,
  onDraft,
  savedSecrets,
  secretsError,
}: {
  info: CollectionInfo;
  environment: string;
  draft: EnvironmentDraft;
  onDraft: (update: (current: EnvironmentDraft) => EnvironmentDraft) => void;
  savedSecrets: string[];
  secretsError?: string;
}) {
  const [adding, setAdding] = useState('');
  const addId = useId();
  // Where values go depends on the host: the desktop app has the system's encrypted store, a browser tab only the local file.
  const desktop = useAppStore((s) => s.engineLocation === 'Electron');
  const sources = info.secrets[environment] ?? {};
  const add = () => {
    const name = adding.trim();
    if (name === '') return;
    onDraft((current) => (current.secrets.includes(name) ? current : { ...current, secrets: [...current.secrets, name] }));
    setAdding('');
  };

  return (
    <section className="env-section" aria-labelledby="env-secrets-title">
      <header className="env-section__header">
        <h3 id="env-secrets-title" className="env-section__title">
          Secrets
        </h3>
      </header>
      <p className="env-section__note">
        {desktop ? (
          <>Secret values are stored encrypted on this machine and never written to the collection&apos;s files; the environment file lists only their names.</>
        ) : (
          <>
            Secret values stay on this machine, in the collection&apos;s git-ignored <span className="mono">.patchbay/secrets.yaml</span> (the desktop app keeps them encrypted in the system&apos;s store), and
            are never written to its shared files: the environment file lists only their names.
          </>
        )}{' '}
        The CLI reads them from <span className="mono">PATCHBAY_SECRET_&lt;NAME&gt;</span> or <span className="mono">.patchbay/secrets.yaml</span>.
      </p>
      {draft.secrets.length > 0 ? (
        <ul className="env-secrets" aria-label="Secrets">
          {draft.secrets.map((name) => (
            <SecretRow
              key={name}
              collectionId={info.collectionId}
              environment={environment}
              name={name}
              source={savedSecrets.includes(name) ? sources[name] : undefined}
              onRemove={() => onDraft((current) => ({ ...current, secrets: current.secrets.filter((secret) => secret !== name) }))}
            />
          ))}
        </ul>
      ) : (
        <p className="env-section__empty">No secrets. Add the name of one (a token, a password) and use it as {'{{name}}'}.</p>
      )}
      {secretsError && <p className="field__error">{secretsError}</p>}
      <div className="env-section__footer env-secrets__add">
        <label className="visually-hidden" htmlFor={addId}>
          Name of a new secret
        </label>
        <input
          id={addId}
          className="input input--mono"
          value={adding}
          onChange={(event) => setAdding(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
          placeholder="name of a new secret"
          spellCheck={false}
          autoComplete="off"
        />
        <Button size="sm" icon={<PlusIcon />} onClick={add} disabled={adding.trim() === ''}>
          Add secret
        </Button>
      </div>
    </section>
  );
}

function SecretRow({ collectionId, environment, name, source, onRemove }: { collectionId: string; environment: string; name: string; source: SecretSource | undefined; onRemove: () => void }) {
  const setSecret = useAppStore((s) => s.setSecret);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const inputId = useId();
  // A new status from the engine means the last change landed: nothing typed should linger.
  const [seenSource, setSeenSource] = useState(source);
  if (seenSource !== source) {
    setSeenSource(source);
    setValue('');
  }

  const store = async (next: string | null) => {
    setBusy(true);
    setError(undefined);
    const result = await setSecret(collectionId, environment, name, next);
    setBusy(false);
    if (result.ok) setValue('');
    else setError(result.error.message);
  };

  return (
    <li className="env-secret" aria-label={`Secret ${name}`}>
      <span className="env-secret__name mono">{name}</span>
      <span className={`badge env-secret__status env-secret__status--${source ?? 'unsaved'}`} role="status" aria-label={`${name}: ${secretSourceText(source, name)}`}>
        <span className="badge__dot" aria-hidden="true" />
        {secretSourceText(source, name)}
      </span>
      <div className="env-secret__set">
        <label className="visually-hidden" htmlFor={inputId}>
          Value of secret {name}
        </label>
        <input
          id={inputId}
          type="password"
          className="input input--mono"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              if (value !== '' && source !== undefined) void store(value);
            }
          }}
          placeholder={source === 'store' ? '••••••••' : 'value'}
          disabled={source === undefined || busy}
          autoComplete="new-password"
          spellCheck={false}
        />
        <Button size="sm" onClick={() => void store(value)} disabled={value === '' || source === undefined || busy} aria-label={`Set ${name}`}>
          Set
        </Button>
        {source === 'store' && (
          <Button size="sm" variant="ghost" onClick={() => void store(null)} disabled={busy} aria-label={`Clear ${name}`}>
            Clear
          </Button>
        )}
      </div>
      <IconButton label={`Remove secret ${name}`} onClick={onRemove}>
        <TrashIcon size={14} />
      </IconButton>
      {error && <p className="field__error env-secret__error">{error}</p>}
    </li>
  );
}
