// The payload half of the composer: the JSON editor, its problems in words, and Format.
import { useId } from 'react';
import { formatJson, parsePayload } from '../../store/parse-request';
import { useAppStore } from '../../store/store-context';
import { isStreamLive } from '../../store/stream-slice';
import { Button } from '../../ui/button';
import { FormatIcon, WarningIcon } from '../../ui/icons';
import { MessageOptionsSection } from './message-options-section';
import { PayloadEditor } from './payload-editor';

export function PayloadPane() {
  const payloadText = useAppStore((s) => s.payloadText);
  const setPayloadText = useAppStore((s) => s.setPayloadText);
  const streamLive = useAppStore((s) => isStreamLive(s.stream));
  const messageId = useId();
  const parsed = parsePayload(payloadText);
  const formatted = parsed.ok ? formatJson(payloadText) : undefined;

  return (
    <section className="pane" aria-labelledby={`${messageId}-title`}>
      <header className="pane__header">
        <h2 className="pane__title" id={`${messageId}-title`}>
          Payload
        </h2>
        <span className="tag">JSON</span>
        <div className="pane__tools">
          <Button size="sm" variant="ghost" icon={<FormatIcon />} onClick={() => formatted !== undefined && setPayloadText(formatted)} disabled={formatted === undefined || formatted === payloadText} title="Pretty-print the payload">
            Format
          </Button>
        </div>
      </header>
      <div className={`pane__body editor-frame${parsed.ok ? '' : ' editor-frame--invalid'}`}>
        <PayloadEditor value={payloadText} onChange={setPayloadText} describedBy={messageId} />
      </div>
      <footer className={`pane__footer${parsed.ok ? '' : ' pane__footer--error'}`}>
        {parsed.ok ? (
          <p id={messageId} className="pane__hint">
            {streamLive ? (
              <>The next message of the open stream, sent with Send message.</>
            ) : (
              <>
                Sent as the message <span className="mono">data</span>. Any JSON value except null.
              </>
            )}
          </p>
        ) : (
          <p id={messageId} className="field__error field__error--icon">
            <WarningIcon size={14} />
            <span>{parsed.message}</span>
          </p>
        )}
      </footer>
      <MessageOptionsSection />
    </section>
  );
}
