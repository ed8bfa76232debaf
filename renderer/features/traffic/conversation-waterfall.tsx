// A call's conversation as a waterfall: the request, its reply parts and the events seen while it
// ran, one lane each, placed in time; the request's lane carries a bar to its last reply part.
import { useEffect, useState } from 'react';
import type { Conversation, TrafficEntry } from '../../../shared/traffic';
import { trafficStatusOf } from '../../../shared/traffic';
import { useAppStore } from '../../store/store-context';
import { EmptyState } from '../../ui/empty-state';
import { formatMs } from '../../ui/format';
import { kindLabels } from './entry-cells';
import { layoutWaterfall } from './waterfall-layout';

/** Below this width (% of the span) a bar's label sits after the bar, where it has room. */
const NARROW_BAR_PERCENT = 25;

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'loaded'; conversation: Conversation };

export function ConversationWaterfall({ entry }: { entry: TrafficEntry }) {
  const loadConversation = useAppStore((s) => s.loadTrafficConversation);
  const selectEntry = useAppStore((s) => s.selectTrafficEntry);
  const [fetched, setFetched] = useState<{ seq: number; loaded: Loaded }>();

  useEffect(() => {
    let current = true;
    void loadConversation(entry.seq).then((result) => {
      if (current) setFetched({ seq: entry.seq, loaded: result.ok ? { state: 'loaded', conversation: result.value } : { state: 'failed', message: result.error.message } });
    });
    return () => {
      current = false;
    };
  }, [entry.seq, loadConversation]);

  const loaded: Loaded = fetched?.seq === entry.seq ? fetched.loaded : { state: 'loading' };
  if (loaded.state === 'loading') return <p className="field__hint">Loading the conversation…</p>;
  if (loaded.state === 'failed')
    return (
      <p className="view__error" role="alert">
        {loaded.message}
      </p>
    );
  const { conversation } = loaded;
  if (conversation.items.length === 0) return <EmptyState title="No conversation" compact>This entry is no longer in the log.</EmptyState>;
  const { lanes, axis } = layoutWaterfall(conversation);
  const calls = conversation.items.filter((item) => item.relation === 'call').length;
  const caused = conversation.items.length - calls;

  return (
    <figure className="waterfall" aria-label="Conversation waterfall">
      <figcaption className="waterfall__caption">
        <span>
          {calls} {calls === 1 ? 'call entry' : 'call entries'}
          {caused > 0 && `, ${caused} caused ${caused === 1 ? 'event' : 'events'}`}
        </span>
        <span className="mono" aria-label="Conversation span">
          {formatMs(conversation.spanMs)}
        </span>
      </figcaption>
      <div className="waterfall__grid">
        <div className="waterfall__axis" aria-hidden="true">
          <div className="waterfall__track">
            {axis.map((tick) => (
              <span key={tick.ms} className="waterfall__tick" style={{ left: `${tick.atPercent}%` }}>
                {formatMs(tick.ms)}
              </span>
            ))}
          </div>
        </div>
        <ol className="waterfall__lanes">
          {conversation.items.map((item, index) => {
            const lane = lanes[index]!;
            const status = trafficStatusOf(item.entry);
            return (
              <li key={item.entry.seq} className={`waterfall__lane waterfall__lane--${item.relation}${item.entry.seq === entry.seq ? ' waterfall__lane--current' : ''}`} aria-label={`${kindLabels[item.entry.kind]} ${item.entry.pattern} at +${formatMs(item.offsetMs)}${item.relation === 'caused' ? ', caused' : ''}`}>
                <button type="button" className="waterfall__label" onClick={() => selectEntry(item.entry)} title={item.entry.pattern}>
                  <span className={`kind kind--${item.entry.kind}`}>{kindLabels[item.entry.kind]}</span>
                  {item.relation === 'caused' && <span className="waterfall__caused">caused</span>}
                  <span className="mono ellipsis">{item.entry.pattern}</span>
                </button>
                <span className="waterfall__offset mono">+{formatMs(item.offsetMs)}</span>
                <div className="waterfall__track">
                  {axis.map((tick) => (
                    <span key={tick.ms} className="waterfall__gridline" style={{ left: `${tick.atPercent}%` }} aria-hidden="true" />
                  ))}
                  {lane.bar && (
                    <span className={`waterfall__bar${lane.bar.widthPercent < NARROW_BAR_PERCENT ? ' waterfall__bar--narrow' : ''}`} style={{ left: `${lane.bar.fromPercent}%`, width: `${lane.bar.widthPercent}%` }} title={`Request to last reply: ${formatMs(lane.bar.durationMs)}`}>
                      <span className="waterfall__bar-label">{formatMs(lane.bar.durationMs)}</span>
                    </span>
                  )}
                  <span className={`waterfall__mark waterfall__mark--${item.relation} waterfall__mark--${status}`} style={{ left: `${lane.atPercent}%` }} />
                </div>
              </li>
            );
          })}
        </ol>
      </div>
    </figure>
  );
}
