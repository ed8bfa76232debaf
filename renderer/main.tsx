// Entry: pick the carrier, build the one store, keep it in step with the engine, render.
import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/jetbrains-mono/wght.css';
import './styles/theme.css';
import './styles/app.css';
import './styles/stream.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createRpcClient } from '../shared/rpc';
import { createCarrier } from './bridge/carrier';
import { App } from './features/app/app';
import { connectStoreToEngine, createAppStore } from './store/app-store';
import { StoreProvider } from './store/store-context';

const carrier = createCarrier();
const rpc = createRpcClient(carrier.port);
const store = createAppStore(rpc);
const engine = connectStoreToEngine(store, rpc);

const onCarrierStatus = (status: ReturnType<typeof carrier.status>) => {
  store.getState().setEngineLink(status, carrier.description);
  // On every (re)open the engine may have changed while we were away: read it afresh.
  if (status === 'open') void engine.sync();
};
carrier.onStatus(onCarrierStatus);
onCarrierStatus(carrier.status());

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element');
createRoot(rootElement).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
