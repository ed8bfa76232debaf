// "Inspect queue": a RabbitMQ queue's depth and consumers, a peek at its messages (read and put
// back, in order) with their properties and dead-letter history, and moving messages on to a
// queue or an exchange — after a confirmation, since it takes them off this queue.
import { useMemo, useState } from 'react';
import type { ConnectionInfo } from '../../../shared/connection';
import type { PeekedMessage, QueueStats } from '../../../shared/listen';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { formatBytes } from '../../ui/format';
import { Segmented, TextField } from '../../ui/form-fields';
import { WarningIcon } from '../../ui/icons';
import { JsonText } from '../../ui/json-text';
import { KeyValueTable } from '../../ui/key-value-table';
import { TableHead } from '../../ui/table-head';
import { detailRows } from '../listen/message-text';
import { checkCount, checkRepublish, MAX_PEEK_COUNT, type RepublishValues } from './queue-form-model';

const moveToOptions: { value: RepublishValues['toKind']; label: string }[] = [
  { value: 'queue', label: 'A queue' },
  { value: 'exchange', label: 'An exchange' },
];

export function QueueDialog({ connection, onClose }: { connection: ConnectionInfo; onClose: () => void }) {
  const queueStats = useAppStore((s) => s.queueStats);
  const peekQueue = useAppStore((s) => s.peekQueue);
  const republish = useAppStore((s) => s.republishQueue);
  const defaultQueue = connection.target.kind === 'rmq' ? connection.target.queue : '';
  const [queue, setQueue] = useState(defaultQueue);
  const [stats, setStats] = useState<QueueStats>();
  const [peekCount, setPeekCount] = useState('10');
  const [peeked, setPeeked] = useState<PeekedMessage[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [move, setMove] = useState<RepublishValues>({ count: '1', toKind: 'queue', toQueue: '', toExchange: '', routingKey: '' });
  const [confirming, setConfirming] = useState(false);
  const [moved, setMoved] = useState<string>();

  const queueError = queue.trim() === '' ? 'Give a queue name — the service queue, or a dead-letter queue such as orders.dlq' : undefined;
  const peekCheck = checkCount(peekCount, MAX_PEEK_COUNT, 'Count');
  const moveCheck = useMemo(() => checkRepublish(move, queue), [move, queue]);
  const moveErrors = moveCheck.ok ? {} : moveCheck.errors;

  const run = async <T,>(action: () => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>, onValue: (value: T) => void) => {
    setBusy(true);
    setError(undefined);
    const result = await action();
    setBusy(false);
    if (result.ok) onValue(result.value);
    else setError(result.error.message);
  };

  const refresh = () => (queueError ? undefined : run(() => queueStats({ connectionId: connection.id, queue: queue.trim() }), setStats));
  const peek = () => (queueError || !peekCheck.ok ? undefined : run(() => peekQueue({ connectionId: connection.id, queue: queue.trim(), count: peekCheck.count }), setPeeked));
  const confirmMove = () =>
    moveCheck.ok &&
    run(
      () => republish({ connectionId: connection.id, fromQueue: queue.trim(), ...moveCheck.input }),
      ({ moved: count }) => {
        setConfirming(false);
        setMoved(`Moved ${count} message${count === 1 ? '' : 's'} to ${moveCheck.destination}.`);
        setPeeked(undefined);
        void refresh();
      },
    );

  return (
    <Dialog
      title="Inspect queue"
      subtitle={<>RabbitMQ queues on {connection.name}: depth, a peek at the messages, and moving them on.</>}
      onClose={onClose}
      error={error}
      actions={<Button onClick={onClose}>Close</Button>}
      tall
    >
      <form
        className="field-row field-row--end"
        onSubmit={(event) => {
          event.preventDefault();
          void refresh();
        }}
      >
        <TextField label="Queue name" value={queue} onChange={(v) => { setQueue(v); setStats(undefined); setPeeked(undefined); setMoved(undefined); }} error={queueError} placeholder="orders.dlq" mono grow autoFocus />
        <Button type="submit" disabled={busy || Boolean(queueError)}>
          Refresh stats
        </Button>
      </form>

      {stats && (
        <dl className="queue-stats" aria-label="Queue stats">
          <div>
            <dt>Messages</dt>
            <dd>{stats.messageCount.toLocaleString('en-US')}</dd>
          </div>
          <div>
            <dt>Consumers</dt>
            <dd>{stats.consumerCount.toLocaleString('en-US')}</dd>
          </div>
        </dl>
      )}

      <fieldset className="fieldset">
        <legend className="fieldset__legend">Peek</legend>
        <div className="field-row field-row--end">
          <TextField label="Messages to peek" value={peekCount} onChange={setPeekCount} error={peekCheck.ok ? undefined : peekCheck.message} inputMode="numeric" mono width="9rem" />
          <Button onClick={() => void peek()} disabled={busy || Boolean(queueError) || !peekCheck.ok}>
            Peek
          </Button>
          <p className="field__hint field-row__note">Read and put back in order; they come back marked redelivered.</p>
        </div>
        {peeked && (peeked.length === 0 ? <EmptyState title="The queue is empty" compact /> : <PeekedList messages={peeked} />)}
      </fieldset>

      <fieldset className="fieldset">
        <legend className="fieldset__legend">Republish</legend>
        <Segmented
          legend="Move to"
          name="republish-to"
          value={move.toKind}
          options={moveToOptions}
          onChange={(toKind) => { setMove((m) => ({ ...m, toKind })); setConfirming(false); }}
        />
        <div className="field-row">
          <TextField label="How many" value={move.count} onChange={(count) => { setMove((m) => ({ ...m, count })); setConfirming(false); }} error={moveErrors.count} inputMode="numeric" mono width="7rem" />
          {move.toKind === 'queue' ? (
            <TextField label="Destination queue" value={move.toQueue} onChange={(toQueue) => { setMove((m) => ({ ...m, toQueue })); setConfirming(false); }} error={move.toQueue === '' ? undefined : moveErrors.toQueue} placeholder="orders" mono grow />
          ) : (
            <>
              <TextField label="Exchange" value={move.toExchange} onChange={(toExchange) => { setMove((m) => ({ ...m, toExchange })); setConfirming(false); }} placeholder="(default exchange)" mono grow />
              <TextField label="Routing key" value={move.routingKey} onChange={(routingKey) => { setMove((m) => ({ ...m, routingKey })); setConfirming(false); }} error={moveErrors.routingKey} placeholder="orders.create" mono grow />
            </>
          )}
        </div>
        {confirming && moveCheck.ok ? (
          <div className="callout callout--warning" role="alertdialog" aria-label="Confirm republish">
            <WarningIcon />
            <div className="confirm">
              <p className="callout__title">
                Move up to {moveCheck.input.count} message{moveCheck.input.count === 1 ? '' : 's'} from {queue.trim()} to {moveCheck.destination}?
              </p>
              <p className="callout__text">Each message is taken off {queue.trim()} once it is republished. This cannot be undone from here.</p>
              <div className="confirm__actions">
                <Button size="sm" onClick={() => setConfirming(false)}>
                  Cancel
                </Button>
                <Button size="sm" variant="danger" onClick={() => void confirmMove()} disabled={busy}>
                  Move messages
                </Button>
              </div>
            </div>
          </div>
        ) : (
          <div className="field-row field-row--end">
            <Button onClick={() => { setMoved(undefined); setConfirming(true); }} disabled={busy || Boolean(queueError) || !moveCheck.ok}>
              Republish…
            </Button>
            {moved && (
              <p className="field__hint field-row__note" role="status">
                {moved}
              </p>
            )}
          </div>
        )}
      </fieldset>
    </Dialog>
  );
}

function PeekedList({ messages }: { messages: PeekedMessage[] }) {
  return (
    <ol className="peeked" aria-label="Peeked messages">
      {messages.map((message, index) => (
        <li key={index} className="peeked__item" aria-label={`Message ${index + 1}`}>
          <div className="peeked__head">
            <span className="peeked__index">#{index + 1}</span>
            <span className="mono ellipsis" title={message.routingKey}>
              {message.exchange === '' ? '(default)' : message.exchange} → {message.routingKey}
            </span>
            {message.redelivered && <span className="rule-tag">redelivered</span>}
            <span className={`encoding-tag encoding-tag--${message.encoding}`}>{message.encoding === 'json' ? 'JSON' : message.encoding}</span>
            <span className="muted mono">{formatBytes(message.sizeBytes)}</span>
          </div>
          {message.encoding === 'json' ? <JsonText label={`Message ${index + 1} body`} text={prettyOr(message.body)} /> : <pre className="raw-body" aria-label={`Message ${index + 1} body`} tabIndex={0}>{message.body}</pre>}
          {Object.keys(message.properties).length > 0 && (
            <details className="peeked__more">
              <summary>Properties</summary>
              <KeyValueTable label={`Message ${index + 1} properties`} rows={detailRows(message.properties)} />
            </details>
          )}
          {message.deaths && message.deaths.length > 0 && (
            <table className="kv-table peeked__deaths" aria-label={`Message ${index + 1} dead-letter history`}>
              <TableHead columns={['x-death queue', 'Reason', 'Count', 'Exchange', 'Routing keys']} />
              <tbody>
                {message.deaths.map((death, deathIndex) => (
                  <tr key={deathIndex}>
                    <td className="mono">{death.queue}</td>
                    <td>{death.reason}</td>
                    <td className="num">{death.count}</td>
                    <td className="mono">{death.exchange || '(default)'}</td>
                    <td className="mono">{death.routingKeys.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </li>
      ))}
    </ol>
  );
}

function prettyOr(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
