// The IPC port with Electron replaced by plain objects: frames from anything but our window's
// main frame showing our page, or not shaped like a call, are dropped.
import { EventEmitter } from 'node:events';
import type { IpcMain, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { IPC_FRAME_CHANNEL } from '../../shared/ipc';
import { isAppUrl } from './app-protocol';
import { createIpcFramePort } from './ipc-port';

vi.mock('electron', () => {
  throw new Error('ipc-port.ts must not import electron at run time');
});

function fakeContents(url = 'app://patchbay/index.html') {
  const mainFrame = { name: 'main', url };
  return { mainFrame, send: vi.fn(), isDestroyed: () => false } as unknown as WebContents & { send: ReturnType<typeof vi.fn>; mainFrame: { url: string } };
}

const call = (id: number) => ({ type: 'call', id, command: 'connection.list', input: {} });

describe('IPC frame port', () => {
  it('accepts frames only from the main frame of its own window', () => {
    const ipcMain = new EventEmitter();
    const contents = fakeContents();
    const other = fakeContents();
    const port = createIpcFramePort(ipcMain as unknown as IpcMain, contents, { isTrustedUrl: isAppUrl });
    const received: unknown[] = [];
    port.onFrame((frame) => received.push(frame));

    ipcMain.emit(IPC_FRAME_CHANNEL, { sender: contents, senderFrame: contents.mainFrame }, call(1));
    ipcMain.emit(IPC_FRAME_CHANNEL, { sender: contents, senderFrame: { name: 'iframe', url: 'app://patchbay/index.html' } }, call(2));
    ipcMain.emit(IPC_FRAME_CHANNEL, { sender: other, senderFrame: other.mainFrame }, call(3));
    ipcMain.emit(IPC_FRAME_CHANNEL, { sender: contents, senderFrame: null }, call(4));
    expect(received).toEqual([call(1)]);

    port.send({ type: 'event', event: 'traffic.cleared', payload: {} });
    expect(contents.send).toHaveBeenCalledWith(IPC_FRAME_CHANNEL, { type: 'event', event: 'traffic.cleared', payload: {} });

    port.dispose();
    expect(ipcMain.listenerCount(IPC_FRAME_CHANNEL)).toBe(0);
  });

  it('drops frames from a main frame showing anything but the app', () => {
    const ipcMain = new EventEmitter();
    const contents = fakeContents('https://example.com/');
    const port = createIpcFramePort(ipcMain as unknown as IpcMain, contents, { isTrustedUrl: isAppUrl });
    const received: unknown[] = [];
    port.onFrame((frame) => received.push(frame));
    ipcMain.emit(IPC_FRAME_CHANNEL, { sender: contents, senderFrame: contents.mainFrame }, call(1));
    expect(received).toEqual([]);
  });

  it('passes on only frames shaped like a call', () => {
    const ipcMain = new EventEmitter();
    const contents = fakeContents();
    const port = createIpcFramePort(ipcMain as unknown as IpcMain, contents, { isTrustedUrl: isAppUrl });
    const received: unknown[] = [];
    port.onFrame((frame) => received.push(frame));
    const from = { sender: contents, senderFrame: contents.mainFrame };
    for (const bad of ['a string', null, 42, { type: 'result', id: 1 }, { type: 'call', id: 1.5, command: 'x' }, { type: 'call', id: 1, command: 7 }, { type: 'call', command: 'connection.list' }]) {
      ipcMain.emit(IPC_FRAME_CHANNEL, from, bad);
    }
    ipcMain.emit(IPC_FRAME_CHANNEL, from, { type: 'call', id: 9, command: 'message.send', input: { anything: true } });
    expect(received).toEqual([{ type: 'call', id: 9, command: 'message.send', input: { anything: true } }]);
  });
});
