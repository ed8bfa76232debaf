// The request line: which connection, which pattern, and the two ways to send it.
import { useEffect, useId } from 'react';
import { describeTarget } from '../../../shared/connection';
import { checkRequest } from '../../store/composer-slice';
import { emitUnavailableReason } from '../../store/message-options';
import { parsePattern } from '../../store/parse-request';
import { isStreamLive, streamableMethod } from '../../store/stream-slice';
import { useAppStore, useAppStoreApi } from '../../store/store-context';
import { Button } from '../../ui/button';
import { isMacPlatform } from '../../ui/format';
import { BroadcastIcon, SendIcon } from '../../ui/icons';
import { connectionStateLabels } from '../connections/state-badge';
import { LoadIcon } from '../load/load-icon';
import { ConnectionProblem } from './connection-problem';
import { CopyAsMenu } from './copy-as-menu';
import { MethodPicker } from './method-picker';
import { StreamControls } from './stream-controls';

export function RequestBar() {
  const store = useAppStoreApi();
  const connections = useAppStore((s) => s.connections);
  const selectedId = useAppStore((s) => s.selectedConnectionId);
  const patternText = useAppStore((s) => s.patternText);
  const payloadText = useAppStore((s) => s.payloadText);
  const messageOptions = useAppStore((s) => s.messageOptions);
  const inFlight = useAppStore((s) => s.inFlight);
  const selectConnection = useAppStore((s) => s.selectConnection);
  const setPatternText = useAppStore((s) => s.setPatternText);
  const send = useAppStore((s) => s.send);
  const showView = useAppStore((s) => s.showView);
  const emit = useAppStore((s) => s.emit);
  const openStream = useAppStore((s) => s.openStream);
  const stream = useAppStore((s) => s.stream);
  const canStream = useAppStore((s) => streamableMethod(s) !== undefined);
  const streamLive = isStreamLive(stream);
  const patternMessageId = useId();
  const reasonId = useId();
  const connectionSelectId = useId();

  const check = checkRequest({ connections, selectedConnectionId: selectedId, patternText, payloadText, messageOptions });
  const selected = connections.find((c) => c.id === selectedId);
  const transport = selected?.target.kind;
  const patternKind = patternText.trim() === '' ? undefined : patternText.trim().startsWith('{') ? 'object' : 'string';
  const patternError = patternText.trim() === '' ? undefined : (() => {
    const parsed = parsePattern(patternText);
    return parsed.ok ? undefined : parsed.message;
  })();
  const mod = isMacPlatform() ? '⌘' : 'Ctrl';
  const catalogue = useAppStore((s) => (selectedId ? s.catalogues[selectedId] : undefined));
  const catalogueError = transport === 'grpc' && catalogue?.status === 'failed' ? catalogue.message : undefined;

  // Ctrl/Cmd+Enter sends from anywhere on the screen (Shift too: emits). Capture phase, so the
  // payload editor does not also take it as "insert a line".
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || event.altKey) return;
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      event.preventDefault();
      event.stopPropagation();
      const state = store.getState();
      // While a stream is open, the shortcut sends its next message.
      if (isStreamLive(state.stream)) void (event.shiftKey ? undefined : state.sendStreamMessage());
      else void (event.shiftKey ? state.emit() : state.send());
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [store]);

  const disabled = !check.ready || inFlight !== undefined;
  const emitReason = transport ? emitUnavailableReason(transport) : undefined;
  const reason = streamLive ? stream?.writeError : check.ready ? undefined : check.reason;
  // Kafka sends to the topic named by the pattern: an object pattern would become a JSON topic name.
  const kafkaObjectPattern = transport === 'kafka' && patternKind === 'object' && !patternError;
  const placeholder = transport === 'grpc' ? 'package.Service/Method, e.g. users.UsersService/FindOne' : transport === 'kafka' ? 'topic, e.g. orders.created' : '{"cmd":"sum"} or user.created';

  return (
    <div className="request-bar">
      <div className="request-bar__fields">
        <div className="request-bar__field request-bar__field--connection">
          <label className="caption" htmlFor={connectionSelectId}>
            Connection
          </label>
          <div className={`select-wrap${selected ? ` select-wrap--${selected.state}` : ''}`}>
            <span className="select-wrap__dot" aria-hidden="true" />
            <select
              id={connectionSelectId}
              className="select"
              value={selectedId ?? ''}
              onChange={(event) => selectConnection(event.target.value)}
              disabled={connections.length === 0 || streamLive}
              title={selected ? `${describeTarget(selected.target)} · ${connectionStateLabels[selected.state]}` : undefined}
            >
              {connections.length === 0 && <option value="">No connections</option>}
              {!selected && connections.length > 0 && <option value="">Choose…</option>}
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} — {connectionStateLabels[c.state].toLowerCase()}
                </option>
              ))}
            </select>
          </div>
        </div>

        <div className="request-bar__field request-bar__field--pattern">
          {transport === 'grpc' ? (
            <MethodPicker catalogue={catalogue} invalid={patternError !== undefined} describedBy={patternError || catalogueError ? patternMessageId : undefined} />
          ) : (
            <>
              <label className="caption" htmlFor={`${patternMessageId}-input`}>
                Pattern
              </label>
              <div className={`pattern-input${patternError ? ' pattern-input--invalid' : ''}`}>
                <input
                  id={`${patternMessageId}-input`}
                  className="pattern-input__field"
                  value={patternText}
                  onChange={(event) => setPatternText(event.target.value)}
                  placeholder={placeholder}
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={patternError ? 'true' : undefined}
                  aria-describedby={patternError || kafkaObjectPattern ? patternMessageId : undefined}
                />
                {patternKind && (
                  <span className="pattern-input__kind" title={patternKind === 'object' ? 'Sent as a JSON object pattern' : 'Sent as a string pattern'}>
                    {patternKind}
                  </span>
                )}
              </div>
            </>
          )}
        </div>

        <div className="request-bar__actions">
          {streamLive ? (
            <StreamControls describedBy={reason ? reasonId : undefined} />
          ) : (
            <>
              <CopyAsMenu />
              {canStream && (
                <Button variant="secondary" onClick={() => void openStream()} disabled={disabled} aria-describedby={reason ? reasonId : undefined} title="Open the call and send its messages one at a time">
                  Open stream
                </Button>
              )}
              <Button
                variant="secondary"
                icon={<BroadcastIcon />}
                onClick={() => void emit()}
                disabled={disabled || emitReason !== undefined}
                aria-describedby={reason || emitReason ? reasonId : undefined}
                title={emitReason ?? `Emit as an event: no reply (${mod}+Shift+Enter)`}
              >
                {inFlight === 'emit' ? 'Emitting…' : 'Emit'}
              </Button>
              <Button variant="secondary" icon={<LoadIcon />} onClick={() => showView({ kind: 'load' })} disabled={connections.length === 0} title="Send this request many times and measure it (the Load panel)">
                Load…
              </Button>
              <Button variant="primary" icon={<SendIcon />} onClick={() => void send()} disabled={disabled} aria-describedby={reason ? reasonId : undefined} title={`Send and wait for the reply (${mod}+Enter)`}>
                {inFlight === 'send' ? 'Sending…' : 'Send'}
              </Button>
            </>
          )}
        </div>
      </div>

      <div className="request-bar__notes">
        {patternError ? (
          <p className="field__error" id={patternMessageId}>
            {patternError}
          </p>
        ) : catalogueError ? (
          <p className="request-bar__warning" id={patternMessageId}>
            Methods could not be listed: {catalogueError}
          </p>
        ) : kafkaObjectPattern ? (
          <p className="request-bar__warning" id={patternMessageId}>
            Kafka topics are strings: an object pattern is not a valid topic — type the topic, such as orders.created
          </p>
        ) : (
          <p className="request-bar__target">{selected ? <>via <span className="mono">{describeTarget(selected.target)}</span></> : null}</p>
        )}
        <p className={`request-bar__reason${streamLive && reason ? ' request-bar__reason--error' : ''}`} id={reasonId} role={streamLive ? 'status' : undefined} aria-label={streamLive ? 'Stream status' : undefined}>
          {streamLive ? (reason ?? <StreamHint phase={stream?.phase} mod={mod} />) : reason ?? emitReason ?? (
            <>
              <kbd>{mod}</kbd>
              <kbd>Enter</kbd> send · <kbd>{mod}</kbd>
              <kbd>Shift</kbd>
              <kbd>Enter</kbd> emit
            </>
          )}
        </p>
      </div>
      {!streamLive && <ConnectionProblem connection={selected} />}
    </div>
  );
}

function StreamHint({ phase, mod }: { phase?: string; mod: string }) {
  if (phase === 'opening') return <>Opening the stream…</>;
  if (phase === 'ended') return <>Stream ended — waiting for the last replies</>;
  return (
    <>
      <kbd>{mod}</kbd>
      <kbd>Enter</kbd> send message · End stream when done
    </>
  );
}
