// Shown while entries of the traffic log are picked: how many, of which kinds, and what to do
// with them (save as a saga, or let go).
import { useState } from 'react';
import { isReplayable } from '../../store/traffic-view-slice';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { SaveTrafficAsSagaDialog } from '../sagas/save-traffic-as-saga-dialog';

export function TrafficMarksBar() {
  const marked = useAppStore((s) => s.trafficView.marked);
  const clearMarks = useAppStore((s) => s.clearTrafficMarks);
  const [saving, setSaving] = useState(false);
  if (marked.size === 0 && !saving) return null;

  const entries = [...marked.values()];
  const requests = entries.filter((entry) => entry.kind === 'request' && isReplayable(entry)).length;
  const events = entries.filter((entry) => entry.kind === 'event' && isReplayable(entry)).length;
  const others = entries.length - requests - events;
  const parts = [plural(requests, 'request'), plural(events, 'event'), others > 0 ? plural(others, 'other entry', 'other entries') : undefined].filter((part) => part !== undefined && !part.startsWith('0 '));

  return (
    <div className="traffic-marks" role="region" aria-label="Picked entries">
      <span className="traffic-marks__count" role="status">
        <strong>{entries.length.toLocaleString('en-US')}</strong> picked{parts.length > 0 && <span className="traffic-marks__kinds">: {parts.join(', ')}</span>}
      </span>
      <span className="traffic-marks__tip">Ctrl/⌘-click picks more, Shift-click a range</span>
      <Button size="sm" variant="primary" onClick={() => setSaving(true)} disabled={requests + events === 0} title={requests + events === 0 ? 'Pick requests or events: replies come with their request' : undefined}>
        Save as saga…
      </Button>
      <Button size="sm" variant="ghost" onClick={clearMarks}>
        Clear picks
      </Button>
      {saving && <SaveTrafficAsSagaDialog onClose={() => setSaving(false)} />}
    </div>
  );
}

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
