// The preload with Electron replaced: it exposes exactly one object with exactly two functions.
import { describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const ipcRenderer = { send: vi.fn(), on: vi.fn(), removeListener: vi.fn() };
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer,
}));

describe('preload', () => {
  it('exposes one frame port on one channel and hides the IPC event from the page', async () => {
    await import('./index');
    expect(Object.keys(exposed)).toEqual(['patchbay']);
    const port = exposed.patchbay as { send(frame: unknown): void; onFrame(listener: (frame: unknown) => void): () => void };
    expect(Object.keys(port).sort()).toEqual(['onFrame', 'send']);

    port.send({ type: 'call', id: 1 });
    expect(ipcRenderer.send).toHaveBeenCalledWith('patchbay:frame', { type: 'call', id: 1 });

    const listener = vi.fn();
    const unsubscribe = port.onFrame(listener);
    const [channel, forward] = ipcRenderer.on.mock.calls[0] as [string, (event: unknown, frame: unknown) => void];
    expect(channel).toBe('patchbay:frame');
    forward({ sender: 'secret' }, { type: 'event' });
    expect(listener).toHaveBeenCalledWith({ type: 'event' });
    unsubscribe();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('patchbay:frame', forward);
  });
});
