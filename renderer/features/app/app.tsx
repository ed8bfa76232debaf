// The screen: connections on the left; the request, its response and the traffic on the right.
import '../../styles/listen-mock.css';
import { useAppStore } from '../../store/store-context';
import { LogoMark } from '../../ui/icons';
import { PayloadPane } from '../composer/payload-pane';
import { RequestBar } from '../composer/request-bar';
import { CollectionsSidebar } from '../collections/collections-sidebar';
import { RequestView } from '../collections/request-view';
import { ConnectionsSidebar } from '../connections/connections-sidebar';
import { ListenerView } from '../listen/listener-view';
import { LoadView } from '../load/load-view';
import { ListenersSidebar } from '../listen/listeners-sidebar';
import { MockView } from '../mocks/mock-view';
import { MocksSidebar } from '../mocks/mocks-sidebar';
import { BreakersSidebar } from '../breakers/breakers-sidebar';
import { BreakerView } from '../breakers/breaker-view';
import { ResponsePanel } from '../response/response-panel';
import { TrafficNavItem } from '../traffic/traffic-nav-item';
import { TrafficPanel } from '../traffic/traffic-panel';
import { TrafficView } from '../traffic/traffic-view';
import { EngineLinkScreen } from './engine-link-screen';
import { EnvironmentView } from '../collections/environment-view';
import { RunView } from '../collections/run-view';
import { SagaView } from '../sagas/saga-view';
import { HistoryNavItem } from '../history/history-nav-item';
import { HistoryView } from '../history/history-view';

export function App() {
  const link = useAppStore((s) => s.engineLink);
  const location = useAppStore((s) => s.engineLocation);
  const view = useAppStore((s) => s.mainView);
  const listener = useAppStore((s) => (view.kind === 'listener' ? s.listeners.find((l) => l.id === view.id) : undefined));
  const mock = useAppStore((s) => (view.kind === 'mock' ? s.mocks.find((m) => m.id === view.id) : undefined));
  const breaker = useAppStore((s) => (view.kind === 'breaker' ? s.breakers.find((b) => b.breakerId === view.id) : undefined));

  return (
    <>
      <div className="app" inert={link !== 'open'} aria-hidden={link !== 'open' ? 'true' : undefined}>
        <aside className="sidebar">
          <div className="brand">
            <LogoMark />
            <span className="brand__name">Patchbay</span>
            <span className={`engine-dot engine-dot--${link}`} title={link === 'open' ? `Engine: ${location}` : 'Engine not connected'} />
          </div>
          <nav className="sidebar__nav" aria-label="Views">
            <TrafficNavItem />
            <HistoryNavItem />
          </nav>
          <ConnectionsSidebar />
          <CollectionsSidebar />
          <ListenersSidebar />
          <MocksSidebar />
          <BreakersSidebar />
          <footer className="sidebar__footer" title="Where this window's engine runs">
            <span className="mono ellipsis">{location}</span>
          </footer>
        </aside>
        {view.kind === 'request' ? (
          <RequestView />
        ) : view.kind === 'history' ? (
          <main className="main main--view">
            <h1 className="visually-hidden">Patchbay</h1>
            <HistoryView />
          </main>
        ) : view.kind === 'run' ? (
          <main className="main main--view">
            <h1 className="visually-hidden">Patchbay</h1>
            <RunView id={view.id} />
          </main>
        ) : view.kind === 'saga' ? (
          <main className="main main--view">
            <h1 className="visually-hidden">Patchbay</h1>
            <SagaView key={`${view.collectionId} ${view.path}`} collectionId={view.collectionId} path={view.path} />
          </main>
        ) : view.kind === 'environment' ? (
          <main className="main main--view">
            <h1 className="visually-hidden">Patchbay</h1>
            <EnvironmentView key={`${view.collectionId} ${view.name}`} collectionId={view.collectionId} name={view.name} />
          </main>
        ) : view.kind === 'traffic' ? (
          <main className="main main--view">
            <h1 className="visually-hidden">Patchbay</h1>
            <TrafficView />
          </main>
        ) : view.kind === 'load' ? (
          <main className="main main--view">
            <h1 className="visually-hidden">Patchbay</h1>
            <LoadView />
          </main>
        ) : listener ? (
          <main className="main main--view">
            <h1 className="visually-hidden">Patchbay</h1>
            <ListenerView key={listener.id} listener={listener} />
          </main>
        ) : breaker ? (
          <main className="main main--view">
            <h1 className="visually-hidden">Patchbay</h1>
            <BreakerView key={breaker.breakerId} breaker={breaker} />
          </main>
        ) : mock ? (
          <main className="main main--view">
            <h1 className="visually-hidden">Patchbay</h1>
            <MockView key={mock.id} mock={mock} />
          </main>
        ) : (
          <main className="main">
            <h1 className="visually-hidden">Patchbay</h1>
            <RequestBar />
            <div className="workspace">
              <PayloadPane />
              <ResponsePanel />
            </div>
            <TrafficPanel />
          </main>
        )}
      </div>
      {link !== 'open' && <EngineLinkScreen status={link} location={location} />}
    </>
  );
}
