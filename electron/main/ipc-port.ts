// The main process's end of the one IPC channel, as a frame port for serveRpc. Frames are
// accepted only from the main frame of our own window (DESIGN §5.10).
import type { IpcMain, IpcMainEvent, WebContents } from 'electron';
import type { FramePort, ServerFrame } from '../../shared/rpc';
import { IPC_FRAME_CHANNEL } from '../../shared/ipc';

export function createIpcFramePort(ipcMain: Pick<IpcMain, 'on' | 'removeListener'>, contents: WebContents): FramePort<unknown, ServerFrame> & { dispose(): void } {
  const listeners = new Set<(frame: unknown) => void>();
  const receive = (event: IpcMainEvent, frame: unknown) => {
    if (event.sender !== contents || event.senderFrame !== contents.mainFrame) return;
    for (const listener of listeners) listener(frame);
  };
  ipcMain.on(IPC_FRAME_CHANNEL, receive);
  return {
    send(frame) {
      if (!contents.isDestroyed()) contents.send(IPC_FRAME_CHANNEL, frame);
    },
    onFrame(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      ipcMain.removeListener(IPC_FRAME_CHANNEL, receive);
      listeners.clear();
    },
  };
}
