// The request bar's buttons while a stream is open: the next message, half-close, cancel.
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { isMacPlatform } from '../../ui/format';
import { CloseIcon, SendIcon } from '../../ui/icons';

export function StreamControls({ describedBy }: { describedBy?: string }) {
  const stream = useAppStore((s) => s.stream);
  const sendStreamMessage = useAppStore((s) => s.sendStreamMessage);
  const endStream = useAppStore((s) => s.endStream);
  const cancelStream = useAppStore((s) => s.cancelStream);
  const mod = isMacPlatform() ? '⌘' : 'Ctrl';
  const open = stream?.phase === 'open';

  return (
    <>
      <Button variant="ghost" icon={<CloseIcon />} onClick={() => void cancelStream()} disabled={!stream?.callId} title="Stop the call now: the service is told CANCELLED">
        Cancel
      </Button>
      <Button variant="secondary" onClick={() => void endStream()} disabled={!open} title="Half-close: no more messages; the replies keep coming">
        End stream
      </Button>
      <Button variant="primary" icon={<SendIcon />} onClick={() => void sendStreamMessage()} disabled={!open || stream.busy} aria-describedby={describedBy} title={`Send the payload as the next message (${mod}+Enter)`}>
        Send message
      </Button>
    </>
  );
}
