// The editor of the active request tab: its name, connection, kind and pattern in a bar like the
// composer's (with the environment it sends in, Copy as, Save and Send), what happened to its
// file, then its parts on the left and the last response on the right.
import { useId, useMemo } from 'react';
import type { CollectionInfo } from '../../../shared/collection';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { isMacPlatform } from '../../ui/format';
import { BroadcastIcon, CheckIcon, SendIcon, WarningIcon } from '../../ui/icons';
import { VariableInput } from '../../ui/variable-input';
import { CopyAsMenuFor } from '../composer/copy-as-menu';
import { transportLabels } from '../connections/connection-form-model';
import { baseName, formatProblem, transportOfTarget, withoutExtension } from '../../store/collections/collection-tree';
import { EnvironmentSwitcher } from './environment-switcher';
import { requestFromDraft, type RequestDraft } from '../../store/collections/request-draft';
import { RequestFields } from './request-fields';
import { RequestResponse } from './request-response';
import type { RequestTab } from '../../store/collections/request-tab';
import { useTabCopySource } from './tab-copy-source';
import { useVariableLookup } from './use-variable-lookup';

export function RequestEditor({ tab, info, draft }: { tab: RequestTab; info: CollectionInfo; draft: RequestDraft }) {
  const editTab = useAppStore((s) => s.editTab);
  const saveTab = useAppStore((s) => s.saveTab);
  const sendTab = useAppStore((s) => s.sendTab);
  const lookup = useVariableLookup(tab.collectionId);
  const copySource = useTabCopySource(tab, info);
  const id = useId();
  const check = useMemo(() => requestFromDraft(draft, tab.saved), [draft, tab.saved]);
  const errors = check.ok ? {} : check.errors;
  const edit = (patch: Partial<RequestDraft>) => editTab(tab.id, patch);
  const mod = isMacPlatform() ? '⌘' : 'Ctrl';

  const connections = info.collection.manifest.connections;
  const connection = connections[draft.connection];
  const transport = connection ? transportOfTarget(connection.target) : undefined;
  const unknownConnection = draft.connection !== '' && !connection;
  const fileTitle = tab.path !== undefined ? withoutExtension(baseName(tab.path)) : (tab.suggestedName ?? 'new request');
  const patternPlaceholder = transport === 'grpc' ? 'package.Service/Method, e.g. users.UsersService/GetUser' : transport === 'kafka' ? 'topic, e.g. orders.created' : '{"cmd":"sum"} or users.create — {{variables}} allowed';
  const problems = tab.disk === 'broken' ? info.collection.problems.filter((problem) => problem.path === tab.path) : [];

  return (
    <div className="req-editor">
      <div className="request-bar req-head">
        <div className="req-head__title-row">
          <input
            className="req-head__name"
            aria-label="Request name"
            value={draft.name}
            placeholder={fileTitle}
            onChange={(event) => edit({ name: event.target.value })}
            spellCheck={false}
            autoComplete="off"
            title="The name shown in the collection; empty: the file name"
            // As wide as its text: the path follows it.
            style={{ width: `calc(${Math.max(6, (draft.name || fileTitle).length)}ch + 14px)` }}
          />
          <span className="req-head__path" title={tab.path ? `${info.root}/${tab.path}` : undefined}>
            <span className="req-head__collection">{info.collection.manifest.name}</span>
            <span className="req-head__sep" aria-hidden="true">
              /
            </span>
            <span className="mono">{tab.path ?? `${tab.folder ? `${tab.folder}/` : ''}(not saved yet)`}</span>
          </span>
          <span className="req-head__status" role="status" aria-label="Save status">
            {tab.saving ? 'Saving…' : tab.dirty ? 'Unsaved' : tab.path !== undefined ? (
              <>
                <CheckIcon size={13} /> Saved
              </>
            ) : null}
          </span>
          <div className="req-head__env">
            <EnvironmentSwitcher collectionId={tab.collectionId} />
          </div>
        </div>

        <div className="request-bar__fields">
          <div className="request-bar__field request-bar__field--connection">
            <label className="caption" htmlFor={`${id}-connection`}>
              Connection
            </label>
            <div className="select-wrap select-wrap--plain">
              <select id={`${id}-connection`} className="select" value={draft.connection} onChange={(event) => edit({ connection: event.target.value })} aria-invalid={errors.connection || unknownConnection ? 'true' : undefined} title={connection?.target}>
                {draft.connection === '' && <option value="">Choose…</option>}
                {unknownConnection && <option value={draft.connection}>{draft.connection} (not in the collection)</option>}
                {Object.keys(connections).map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <fieldset className="req-kind">
            <legend className="caption">Kind</legend>
            <div className="segmented__options req-kind__options">
              {(['send', 'emit'] as const).map((kind) => (
                <label key={kind} className={`segmented__option${draft.kind === kind ? ' segmented__option--selected' : ''}`} title={kind === 'send' ? 'A message pattern: waits for the reply' : 'An event pattern: no reply'}>
                  <input type="radio" name={`${id}-kind`} value={kind} checked={draft.kind === kind} onChange={() => edit({ kind })} />
                  {kind === 'send' ? 'Send' : 'Emit'}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="request-bar__field request-bar__field--pattern">
            <label className="caption" htmlFor={`${id}-pattern`}>
              {transport === 'grpc' ? 'Method' : transport === 'kafka' ? 'Topic' : 'Pattern'}
            </label>
            <div className={`pattern-input${errors.pattern ? ' pattern-input--invalid' : ''}`}>
              <VariableInput
                id={`${id}-pattern`}
                className="pattern-input__field"
                value={draft.patternText}
                onValueChange={(patternText) => edit({ patternText })}
                lookup={lookup}
                placeholder={patternPlaceholder}
                autoComplete="off"
                aria-invalid={errors.pattern ? 'true' : undefined}
                aria-describedby={errors.pattern ? `${id}-pattern-error` : undefined}
              />
            </div>
          </div>
          <div className="request-bar__actions">
            <CopyAsMenuFor key={tab.id} source={copySource} />
            <Button variant="secondary" onClick={() => void saveTab(tab.id)} disabled={tab.saving !== undefined} title={`Save to the file (${mod}+S)`}>
              {tab.saving ? 'Saving…' : 'Save'}
            </Button>
            <Button variant="primary" icon={draft.kind === 'emit' ? <BroadcastIcon /> : <SendIcon />} onClick={() => void sendTab(tab.id)} disabled={tab.sending} title={`${draft.kind === 'emit' ? 'Emit the event' : 'Send and wait for the reply'}, in the chosen environment (${mod}+Enter)`}>
              {tab.sending ? (draft.kind === 'emit' ? 'Emitting…' : 'Sending…') : draft.kind === 'emit' ? 'Emit' : 'Send'}
            </Button>
          </div>
        </div>

        <div className="request-bar__notes">
          {errors.pattern ? (
            <p className="field__error" id={`${id}-pattern-error`}>
              {errors.pattern}
            </p>
          ) : unknownConnection ? (
            <p className="request-bar__warning">
              {draft.connection} is not one of the collection's connections ({Object.keys(connections).join(', ') || 'it has none'}) — pick one, or add it to patchbay-collection.yaml
            </p>
          ) : (
            <p className="request-bar__target">
              {connection ? (
                <>
                  {transport ? `${transportLabels[transport]} ` : ''}via <span className="mono">{connection.target}</span>
                </>
              ) : null}
            </p>
          )}
          <p className="request-bar__reason">
            <kbd>{mod}</kbd>
            <kbd>Enter</kbd> {draft.kind} · <kbd>{mod}</kbd>
            <kbd>S</kbd> save
          </p>
        </div>
      </div>

      {tab.saveError && <Banner tone="error" text={tab.saveError} />}
      {tab.disk === 'changed' && <DiskChangedBanner tabId={tab.id} />}
      {tab.disk === 'deleted' && <Banner tone="warning" text={`${tab.path} was deleted on disk. Save to write it again, or close the tab to let it go.`} />}
      {tab.disk === 'broken' && (
        <Banner tone="warning" text={`The file on disk cannot be read now: ${problems.map(formatProblem).join('; ')}. Patchbay does not overwrite it: fix it in an editor, and this tab takes it back.`} />
      )}

      <div className="workspace req-workspace">
        <RequestFields draft={draft} errors={errors} edit={edit} lookup={lookup} />
        <RequestResponse send={tab.lastSend} sending={tab.sending === true} />
      </div>
    </div>
  );
}

function Banner({ tone, text }: { tone: 'error' | 'warning'; text: string }) {
  return (
    <div className={`req-banner req-banner--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <WarningIcon size={15} />
      <p className="req-banner__text">{text}</p>
    </div>
  );
}

function DiskChangedBanner({ tabId }: { tabId: string }) {
  const reloadTab = useAppStore((s) => s.reloadTab);
  const keepTabEdits = useAppStore((s) => s.keepTabEdits);
  return (
    <div className="req-banner req-banner--warning" role="status">
      <WarningIcon size={15} />
      <p className="req-banner__text">Changed on disk while you were editing it.</p>
      <div className="req-banner__actions">
        <Button size="sm" variant="secondary" onClick={() => reloadTab(tabId)} title="Drop your edits and take the file as it is now">
          Reload
        </Button>
        <Button size="sm" variant="ghost" onClick={() => keepTabEdits(tabId)} title="Keep your edits; saving replaces the file's new content">
          Keep mine
        </Button>
      </div>
    </div>
  );
}
