/** The one Electron IPC channel. Frames on it are the RPC frames of shared/rpc.ts. */
export const IPC_FRAME_CHANNEL = 'patchbay:frame';
