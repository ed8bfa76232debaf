// The main process's end of the one IPC channel, as a frame port for serveRpc. A frame is passed
// on only when it comes from the main frame of our own window, showing our own page, and is
// shaped like a call (DESIGN §5.10); anything else is dropped without an answer.
import type { IpcMain, IpcMainEvent, WebContents } from 'electron';
import type { ClientFrame, FramePort, ServerFrame } from '../../shared/rpc';
import { clientFrameSchema } from '../../shared/rpc';
import { IPC_FRAME_CHANNEL } from '../../shared/ipc';

export type IpcFramePortOptions = {
  /** The page's own origin (app://patchbay); frames from a main frame showing anything else are dropped. */
  isTrustedUrl?: (url: string) => boolean;
};

export function createIpcFramePort(ipcMain: Pick<IpcMain, 'on' | 'removeListener'>, contents: WebContents, { isTrustedUrl = () => true }: IpcFramePortOptions = {}): FramePort<ClientFrame, ServerFrame> & { dispose(): void } {
  const listeners = new Set<(frame: ClientFrame) => void>();
  const receive = (event: IpcMainEvent, raw: unknown) => {
    if (event.sender !== contents || !event.senderFrame || event.senderFrame !== contents.mainFrame) return;
    if (!isTrustedUrl(event.senderFrame.url)) return;
    const frame = clientFrameSchema.safeParse(raw);
    if (!frame.success) return;
    for (const listener of listeners) listener(frame.data);
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
