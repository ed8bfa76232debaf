// The preload exposes exactly one object, `window.patchbay`: a frame port on one fixed channel.
// No Electron or Node API reaches the page. Bundled into one CommonJS file (sandboxed preload).
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { IPC_FRAME_CHANNEL } from '../../shared/ipc';

export const framePort = {
  send(frame: unknown): void {
    ipcRenderer.send(IPC_FRAME_CHANNEL, frame);
  },
  onFrame(listener: (frame: unknown) => void): () => void {
    // Hand the page the frame only, never the IPC event (it carries the sender object).
    const forward = (_event: IpcRendererEvent, frame: unknown) => listener(frame);
    ipcRenderer.on(IPC_FRAME_CHANNEL, forward);
    return () => ipcRenderer.removeListener(IPC_FRAME_CHANNEL, forward);
  },
};

contextBridge.exposeInMainWorld('patchbay', framePort);
