// The IPC port with Electron replaced by plain objects: frames from anything but our window's
// main frame are dropped.
import { EventEmitter } from 'node:events';
import type { IpcMain, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { IPC_FRAME_CHANNEL } from '../../shared/ipc';
import { createIpcFramePort } from './ipc-port';

function fakeContents() {
  const mainFrame = { name: 'main' };
  return { mainFrame, send: vi.fn(), isDestroyed: () => false } as unknown as WebContents & { send: ReturnType<typeof vi.fn> };
}

describe('IPC frame port', () => {
  it('accepts frames only from the main frame of its own window', () => {
    const ipcMain = new EventEmitter();
    const contents = fakeContents();
    const other = fakeContents();
    const port = createIpcFramePort(ipcMain as unknown as IpcMain, contents);
    const received: unknown[] = [];
    port.onFrame((frame) => received.push(frame));

    ipcMain.emit(IPC_FRAME_CHANNEL, { sender: contents, senderFrame: contents.mainFrame }, 'from main frame');
    ipcMain.emit(IPC_FRAME_CHANNEL, { sender: contents, senderFrame: { name: 'iframe' } }, 'from a subframe');
    ipcMain.emit(IPC_FRAME_CHANNEL, { sender: other, senderFrame: other.mainFrame }, 'from another window');
    expect(received).toEqual(['from main frame']);

    port.send({ type: 'event', event: 'traffic.cleared', payload: {} });
    expect(contents.send).toHaveBeenCalledWith(IPC_FRAME_CHANNEL, { type: 'event', event: 'traffic.cleared', payload: {} });

    port.dispose();
    expect(ipcMain.listenerCount(IPC_FRAME_CHANNEL)).toBe(0);
  });
});
