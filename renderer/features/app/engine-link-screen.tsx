// Full-screen messages for when the page cannot talk to the engine at all.
import type { ReactNode } from 'react';
import type { CarrierStatus } from '../../bridge/carrier';
import { LogoMark } from '../../ui/icons';

export function EngineLinkScreen({ status, location }: { status: Exclude<CarrierStatus, 'open'>; location: string }) {
  if (status === 'connecting') {
    return (
      <div className="link-screen" aria-busy="true">
        <div className="link-screen__card link-screen__card--quiet">
          <span className="spinner spinner--lg" aria-hidden="true" />
          <p className="link-screen__text">Connecting to the Patchbay engine…</p>
        </div>
      </div>
    );
  }
  const { title, body } = messages[status];
  return (
    <div className="link-screen" role="alert">
      <div className="link-screen__card">
        <LogoMark size={32} />
        <h1 className="link-screen__title">{title}</h1>
        <p className="link-screen__text">{body}</p>
        {status !== 'missing' && (
          <p className="link-screen__status">
            <span className="spinner" aria-hidden="true" />
            {status === 'lost' ? 'Reconnecting' : 'Retrying'}
            {location && <span className="mono">{location}</span>}
          </p>
        )}
      </div>
    </div>
  );
}

const messages: Record<'lost' | 'unreachable' | 'missing', { title: string; body: ReactNode }> = {
  lost: {
    title: 'Lost connection to the Patchbay engine',
    body: (
      <>
        The engine stopped answering — restart <code>patchbay web</code>. This page reconnects by itself when it is back.
      </>
    ),
  },
  unreachable: {
    title: 'Cannot reach the Patchbay engine',
    body: (
      <>
        Nothing answers at this page’s engine address. Start it with <code>patchbay web</code> and open the address it prints.
      </>
    ),
  },
  missing: {
    title: 'This page is not connected to an engine',
    body: (
      <>
        Open Patchbay with <code>patchbay web</code> and use the address it prints (it ends in <code>?rpc=…</code>), or start the desktop app.
      </>
    ),
  },
};
