// Whether the page can talk to the engine at all; views show a full-screen message otherwise.
import type { CarrierStatus } from '../bridge/carrier';
import type { SliceCreator } from './app-store';

export interface EngineLinkSlice {
  engineLink: CarrierStatus;
  /** Where the engine is, without secrets: `Electron` or `ws://127.0.0.1:5123/rpc`. */
  engineLocation: string;
  setEngineLink(status: CarrierStatus, location: string): void;
}

export const createEngineLinkSlice: SliceCreator<EngineLinkSlice> = (set) => ({
  engineLink: 'connecting',
  engineLocation: '',
  setEngineLink: (engineLink, engineLocation) => set({ engineLink, engineLocation }),
});
