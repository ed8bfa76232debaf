// "Copy as": the composed request (or a collection tab's) as a NestJS ClientProxy snippet or a
// shell command (shared/copy-as.ts), on the clipboard. A menu button: the formats the transport
// can carry, and for transports with events, whether to copy a send or an emit.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { TransportKind } from '../../../shared/connection';
import type { CopyableRequest, CopyFormat } from '../../../shared/copy-as';
import { copyFormatLabels, copyFormatsFor, copyRequestAs } from '../../../shared/copy-as';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import { checkMessageOptions, checkRetryDraft } from '../../store/message-options';
import { parsePattern, parsePayload } from '../../store/parse-request';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { CopyIcon } from '../../ui/icons';
import '../../styles/copy-as.css';

const formatHints: Record<CopyFormat, string> = {
  'nest-client': 'TypeScript',
  grpcurl: 'shell',
  kcat: 'shell',
  'redis-cli': 'shell',
  'patchbay-cli': 'shell',
};

const CONFIRMATION_MS = 2_000;

/** A request id as Nest makes them (nest-wire §0): 21 lowercase hex characters. */
function newPacketId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(11));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('').slice(0, 21);
}

type MessageKind = 'send' | 'emit';

/** What to copy: the composer's request, or a collection tab's (copy-as from a tab resolves its variables first). */
export interface CopySource {
  /** The transport, when known: it decides the formats offered. */
  transport?: TransportKind;
  /** Why nothing can be copied now, if so. */
  unavailableReason?: string;
  /** The message kind the menu starts with. */
  initialKind?: MessageKind;
  build(kind: MessageKind): Result<Omit<CopyableRequest, 'packetId'>> | Promise<Result<Omit<CopyableRequest, 'packetId'>>>;
}

/** The composer's request as a copy source. */
function useComposerCopySource(): CopySource {
  const connections = useAppStore((s) => s.connections);
  const selectedId = useAppStore((s) => s.selectedConnectionId);
  const patternText = useAppStore((s) => s.patternText);
  const payloadText = useAppStore((s) => s.payloadText);
  const messageOptions = useAppStore((s) => s.messageOptions);

  const connection = connections.find((c) => c.id === selectedId);
  const pattern = parsePattern(patternText);
  const payload = parsePayload(payloadText);
  const options = connection ? checkMessageOptions(connection.target.kind, messageOptions) : undefined;
  const unavailableReason = !connection
    ? 'Select a connection to copy its request'
    : !pattern.ok
      ? `Fix the ${connection.target.kind === 'grpc' ? 'method' : 'pattern'} to copy the request`
      : !payload.ok
        ? 'Fix the payload JSON to copy the request'
        : options && !options.ok
          ? 'Fix the message options to copy the request'
          : undefined;
  return {
    transport: connection?.target.kind,
    unavailableReason,
    build(kind) {
      if (!connection || !pattern.ok || !payload.ok || (options && !options.ok)) return fail('not-ready', unavailableReason ?? 'Nothing to copy');
      const headers = options?.ok ? options.options?.headers : undefined;
      const retry = checkRetryDraft(messageOptions.retry);
      return ok({ target: connection.target, kind, pattern: pattern.value, data: payload.value, ...(headers ? { headers } : {}), ...(retry.ok && retry.retry ? { retry: retry.retry } : {}) });
    },
  };
}

/** "Copy as" for the composer's request. */
export function CopyAsMenu() {
  return <CopyAsMenuFor source={useComposerCopySource()} />;
}

export function CopyAsMenuFor({ source }: { source: CopySource }) {
  const { transport, unavailableReason } = source;
  const [open, setOpen] = useState(false);
  const [messageKind, setMessageKind] = useState<MessageKind>(source.initialKind ?? 'send');
  const [status, setStatus] = useState<{ text: string; failed: boolean }>();
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const statusTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const hasEvents = transport !== 'grpc';
  const formats = transport ? copyFormatsFor(transport) : [];

  useEffect(() => () => clearTimeout(statusTimer.current), []);

  // Clicking anywhere outside closes the menu, as a native menu does.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !rootRef.current?.contains(event.target)) setOpen(false);
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    return () => window.removeEventListener('pointerdown', onPointerDown, true);
  }, [open]);

  // Focus the first item on opening, so the arrow keys work straight away.
  useEffect(() => {
    if (open) menuRef.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
  }, [open]);

  const close = () => {
    setOpen(false);
    // The menu button is the first button of the widget.
    rootRef.current?.querySelector('button')?.focus();
  };

  const showStatus = (text: string, failed: boolean) => {
    setStatus({ text, failed });
    clearTimeout(statusTimer.current);
    statusTimer.current = setTimeout(() => setStatus(undefined), CONFIRMATION_MS);
  };

  const copy = async (format: CopyFormat) => {
    close();
    if (unavailableReason !== undefined) return;
    const request = await source.build(hasEvents ? messageKind : 'send');
    if (!request.ok) return showStatus(request.error.message, true);
    const text = copyRequestAs(format, { ...request.value, packetId: newPacketId() });
    if (!text.ok) return showStatus(text.error.message, true);
    try {
      await navigator.clipboard.writeText(text.value);
      showStatus(`Copied as ${copyFormatLabels[format]}`, false);
    } catch {
      showStatus('Could not copy: the browser refused the clipboard', true);
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? []);
    const index = items.indexOf(document.activeElement as HTMLElement);
    const focusAt = (next: number) => items[(next + items.length) % items.length]?.focus();
    if (event.key === 'ArrowDown') focusAt(index + 1);
    else if (event.key === 'ArrowUp') focusAt(index - 1);
    else if (event.key === 'Home') focusAt(0);
    else if (event.key === 'End') focusAt(items.length - 1);
    else if (event.key === 'Escape') close();
    else if (event.key === 'Tab') setOpen(false);
    else return;
    if (event.key !== 'Tab') event.preventDefault();
  };

  return (
    <div className="copy-as" ref={rootRef}>
      <Button
        variant="secondary"
        icon={<CopyIcon />}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        disabled={unavailableReason !== undefined}
        title={unavailableReason ?? 'Copy this request as code or a command line'}
        onClick={() => setOpen((wasOpen) => !wasOpen)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        Copy as
        <svg className="copy-as__chevron" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
          <path d="M3 4.5 6 7.5 9 4.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </Button>
      {open && (
        <div className="copy-as__menu" id={`${id}-menu`} role="menu" aria-label="Copy as" ref={menuRef} onKeyDown={onMenuKeyDown}>
          {hasEvents && (
            <>
              <div className="copy-as__group" role="group" aria-label="Message">
                <p className="copy-as__heading" aria-hidden="true">
                  Message
                </p>
                {(['send', 'emit'] as const).map((kind) => (
                  <button
                    key={kind}
                    type="button"
                    role="menuitemradio"
                    aria-checked={messageKind === kind}
                    className="copy-as__item copy-as__item--radio"
                    tabIndex={-1}
                    onClick={() => setMessageKind(kind)}
                  >
                    <span className="copy-as__check" aria-hidden="true" />
                    <span className="copy-as__label">{kind === 'send' ? 'Send' : 'Emit'}</span>
                    <span className="copy-as__hint">{kind === 'send' ? 'request, waits for a reply' : 'event, no reply'}</span>
                  </button>
                ))}
              </div>
              <div className="copy-as__separator" role="separator" />
            </>
          )}
          <div className="copy-as__group" role="group" aria-label="Format">
            <p className="copy-as__heading" aria-hidden="true">
              Format
            </p>
            {formats.map((format) => (
              <button key={format} type="button" role="menuitem" className="copy-as__item" tabIndex={-1} onClick={() => void copy(format)}>
                <span className="copy-as__label">{copyFormatLabels[format]}</span>
                <span className="copy-as__hint">{formatHints[format]}</span>
              </button>
            ))}
          </div>
        </div>
      )}
      <p className={`copy-as__status${status?.failed ? ' copy-as__status--failed' : ''}${status ? ' copy-as__status--shown' : ''}`} role="status" aria-label="Copy as status">
        {status?.text}
      </p>
    </div>
  );
}
