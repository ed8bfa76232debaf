// The screen: connections on the left; the request, its response and the traffic on the right.
import { useAppStore } from '../../store/store-context';
import { LogoMark } from '../../ui/icons';
import { PayloadPane } from '../composer/payload-pane';
import { RequestBar } from '../composer/request-bar';
import { ConnectionsSidebar } from '../connections/connections-sidebar';
import { ResponsePanel } from '../response/response-panel';
import { TrafficPanel } from '../traffic/traffic-panel';
import { EngineLinkScreen } from './engine-link-screen';

export function App() {
  const link = useAppStore((s) => s.engineLink);
  const location = useAppStore((s) => s.engineLocation);

  return (
    <>
      <div className="app" inert={link !== 'open'} aria-hidden={link !== 'open' ? 'true' : undefined}>
        <aside className="sidebar">
          <div className="brand">
            <LogoMark />
            <span className="brand__name">Patchbay</span>
            <span className={`engine-dot engine-dot--${link}`} title={link === 'open' ? `Engine: ${location}` : 'Engine not connected'} />
          </div>
          <ConnectionsSidebar />
          <footer className="sidebar__footer" title="Where this window's engine runs">
            <span className="mono ellipsis">{location}</span>
          </footer>
        </aside>
        <main className="main">
          <h1 className="visually-hidden">Patchbay</h1>
          <RequestBar />
          <div className="workspace">
            <PayloadPane />
            <ResponsePanel />
          </div>
          <TrafficPanel />
        </main>
      </div>
      {link !== 'open' && <EngineLinkScreen status={link} location={location} />}
    </>
  );
}
