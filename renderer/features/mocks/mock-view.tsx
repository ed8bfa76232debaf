// One mock: where it serves and what it has answered, its rules (edited as JSON, checked against
// mockRulesSchema as typed, applied with mock.update), and what it received, with the rule that
// answered or "Unmatched" — and "Make rule" to answer such a request next time.
import type { ReactCodeMirrorRef } from '@uiw/react-codemirror';
import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { MockInfo } from '../../../shared/mock';
import { rulesText } from '../../store/mocks-slice';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { EmptyState } from '../../ui/empty-state';
import { formatClock, formatMs } from '../../ui/format';
import { CheckIcon, PlusIcon, WarningIcon } from '../../ui/icons';
import { ViewHeader } from '../../ui/view-header';
import { TransportTag } from '../connections/transport-tag';
import { MockStateBadge } from '../listen/state-badges';
import { appendRuleFor, checkRulesText, rulesFileName } from './mock-rules-text';
import { receivedBy, type Received } from './received';
import { RulesEditor } from './rules-editor';


export function MockView({ mock }: { mock: MockInfo }) {
  const stopMock = useAppStore((s) => s.stopMock);
  const updateMockRules = useAppStore((s) => s.updateMockRules);
  const setMockRuleDraft = useAppStore((s) => s.setMockRuleDraft);
  const draft = useAppStore((s) => s.mockRuleDrafts[mock.id]);
  const trafficEntries = useAppStore((s) => s.trafficEntries);
  const editorRef = useRef<ReactCodeMirrorRef>(null);
  const rulesMessageId = useId();
  const [actionError, setActionError] = useState<string>();
  const [applying, setApplying] = useState(false);
  const [justApplied, setJustApplied] = useState(false);
  const [focusRequest, setFocusRequest] = useState(0);

  const appliedText = useMemo(() => rulesText(mock.rules), [mock.rules]);
  const text = draft ?? appliedText;
  const check = useMemo(() => checkRulesText(text), [text]);
  const changed = draft !== undefined && draft !== appliedText;

  const received = useMemo(() => receivedBy(trafficEntries, mock.id), [trafficEntries, mock.id]);

  // After "Make rule": the editor has the new text; put the cursor at the new rule.
  useEffect(() => {
    if (focusRequest === 0) return;
    const view = editorRef.current?.view;
    if (!view) return;
    const end = view.state.doc.toString().lastIndexOf('"reply"');
    view.focus();
    view.dispatch({ selection: { anchor: end >= 0 ? end : view.state.doc.length }, scrollIntoView: true });
  }, [focusRequest]);

  const apply = async () => {
    if (!check.ok) return;
    setApplying(true);
    setActionError(undefined);
    const result = await updateMockRules(mock.id, check.rules);
    setApplying(false);
    if (result.ok) setJustApplied(true);
    else setActionError(result.error.message);
  };

  const makeRule = (pattern: string) => {
    const result = appendRuleFor(text, pattern);
    if (!result.ok) {
      setActionError(result.message);
      return;
    }
    setActionError(undefined);
    setJustApplied(false);
    setMockRuleDraft(mock.id, result.text);
    setFocusRequest((n) => n + 1);
  };

  // Rule files are what `patchbay mock --rules` reads: save the editor's text, or open one into it.
  const fileInputRef = useRef<HTMLInputElement>(null);
  const saveRules = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = rulesFileName(mock.name);
    link.click();
    URL.revokeObjectURL(url);
  };
  const openRules = async (file: File | undefined) => {
    if (!file) return;
    const opened = await file.text();
    setActionError(undefined);
    setJustApplied(false);
    setMockRuleDraft(mock.id, opened === appliedText ? undefined : opened);
  };

  const ruleNames = mock.rules.rules.map((rule, index) => rule.name ?? (rule.pattern !== undefined ? (typeof rule.pattern === 'string' ? rule.pattern : JSON.stringify(rule.pattern)) : (rule.glob ?? `rule ${index + 1}`)));

  return (
    <section className="view" role="region" aria-label={`Mock ${mock.name}`}>
      <ViewHeader
        title={mock.name}
        badge={<MockStateBadge state={mock.state} />}
        subtitle={
          <>
            <TransportTag kind={mock.target.kind} />
            <span className="mono ellipsis" aria-label="Address">
              {mock.address ?? 'not serving'}
            </span>
          </>
        }
        stats={[
          { term: 'Requests', value: mock.stats.requests },
          { term: 'Events', value: mock.stats.events },
          { term: 'Unmatched', value: mock.stats.unmatched, warn: mock.stats.unmatched > 0 },
        ]}
        statsTitle="Since the rules were last applied"
        onStop={async () => {
          setActionError(undefined);
          const result = await stopMock(mock.id);
          if (!result.ok) setActionError(result.error.message);
        }}
        error={mock.state === 'failed' ? mock.lastError : undefined}
      />

      <div className="view__split view__split--even">
        <section className="pane mock-rules" aria-labelledby={`${rulesMessageId}-title`}>
          <header className="pane__header">
            <h3 className="pane__title" id={`${rulesMessageId}-title`}>
              Rules
            </h3>
            {changed && <span className="pill pill--pending">Not applied</span>}
            <div className="pane__tools">
              <input
                ref={fileInputRef}
                type="file"
                accept=".json,application/json"
                hidden
                aria-label="Rules file to open"
                onChange={(event) => {
                  void openRules(event.currentTarget.files?.[0]);
                  event.currentTarget.value = '';
                }}
              />
              <Button size="sm" variant="ghost" onClick={() => fileInputRef.current?.click()} title="Open a rule file into the editor (Apply to use it)">
                Open…
              </Button>
              <Button size="sm" variant="ghost" onClick={saveRules} title={`Save as ${rulesFileName(mock.name)}, the file \`patchbay mock --rules\` reads`}>
                Save…
              </Button>
              {changed && (
                <Button size="sm" variant="ghost" onClick={() => setMockRuleDraft(mock.id, undefined)}>
                  Revert
                </Button>
              )}
              <Button size="sm" variant="primary" icon={<CheckIcon />} onClick={() => void apply()} disabled={!changed || !check.ok || applying}>
                Apply
              </Button>
            </div>
          </header>
          <div className={`pane__body editor-frame${check.ok ? '' : ' editor-frame--invalid'}`}>
            <RulesEditor
              ref={editorRef}
              value={text}
              onChange={(value) => {
                setJustApplied(false);
                setMockRuleDraft(mock.id, value === appliedText ? undefined : value);
              }}
              invalid={!check.ok}
              describedBy={rulesMessageId}
            />
          </div>
          <footer className={`pane__footer${check.ok && !actionError ? '' : ' pane__footer--error'}`}>
            {actionError ? (
              <p className="field__error field__error--icon" id={rulesMessageId} role="alert">
                <WarningIcon />
                <span>{actionError}</span>
              </p>
            ) : !check.ok ? (
              <p className="field__error field__error--icon" id={rulesMessageId}>
                <WarningIcon />
                <span>
                  {check.path && <code className="issue-path">{check.path}</code>} {check.message}
                </span>
              </p>
            ) : (
              <p id={rulesMessageId} role="status">
                {justApplied ? 'Applied: new calls answer by these rules.' : changed ? 'Valid. Apply to answer by these rules.' : 'First match wins; calls in flight finish by the old rules.'}
              </p>
            )}
          </footer>
          {ruleNames.length > 0 && (
            <ul className="rule-hits" aria-label="Calls per rule">
              {ruleNames.map((name, index) => (
                <li key={index} className="rule-hits__item">
                  <span className="ellipsis">{name}</span>
                  <span className="count">{mock.stats.perRule[index] ?? 0}</span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="pane mock-received" aria-labelledby={`${rulesMessageId}-received`}>
          <header className="pane__header">
            <h3 className="pane__title" id={`${rulesMessageId}-received`}>
              Received
            </h3>
            {received.length > 0 && <span className="count">{received.length.toLocaleString('en-US')}</span>}
          </header>
          <div className="pane__body mock-received__body">
            {received.length === 0 ? (
              <EmptyState title="Nothing received yet" compact>
                {mock.address ? (
                  <>
                    Point a client at <code>{mock.address}</code>: each call shows here with the rule that answered it.
                  </>
                ) : (
                  'Each call shows here with the rule that answered it.'
                )}
              </EmptyState>
            ) : (
              <ol className="received-list" aria-label="Received requests">
                {received.map((item) => (
                  <ReceivedRow key={item.request.seq} item={item} onMakeRule={makeRule} />
                ))}
              </ol>
            )}
          </div>
        </section>
      </div>
    </section>
  );
}

const ReceivedRow = memo(function ReceivedRow({ item, onMakeRule }: { item: Received; onMakeRule: (pattern: string) => void }) {
  const { request, reply } = item;
  const latencyMs = reply?.totalMs ?? reply?.elapsedMs;
  return (
    <li className={`received${request.unmatched ? ' received--unmatched' : ''}`} aria-label={`${request.kind} ${request.pattern}`}>
      <div className="received__line">
        <span className="mono muted received__time">{formatClock(request.at)}</span>
        <span className={`kind kind--${request.kind}`}>{request.kind}</span>
        <span className="mono ellipsis received__pattern" title={request.pattern}>
          {request.pattern}
        </span>
        {request.unmatched ? (
          <span className="rule-tag rule-tag--unmatched">Unmatched</span>
        ) : request.rule !== undefined ? (
          <span className="rule-tag" title={`Answered by rule ${request.rule}`} aria-label={`Rule ${request.rule}`}>
            {request.rule}
          </span>
        ) : null}
        {request.unmatched && (
          <Button size="sm" variant="secondary" icon={<PlusIcon />} onClick={() => onMakeRule(request.pattern)}>
            Make rule
          </Button>
        )}
      </div>
      <div className="received__bodies">
        <span className="received__label">in</span>
        <span className="mono ellipsis">
          {request.encoding && <span className={`encoding-tag encoding-tag--${request.encoding}`}>{request.encoding}</span>}
          {request.bodyPreview}
          {request.bodyTruncated && '…'}
        </span>
        {reply && (
          <>
            <span className="received__label">out</span>
            <span className={`mono ellipsis${reply.kind === 'remote-error' ? ' received__error' : ''}`}>
              {reply.bodyPreview}
              {reply.bodyTruncated && '…'}
              {latencyMs !== undefined && <span className="muted"> · {formatMs(latencyMs)}</span>}
            </span>
          </>
        )}
      </div>
    </li>
  );
});
