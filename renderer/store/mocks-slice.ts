// Mock services as the engine reports them, and the rules text the user is editing for each.
// What a mock receives is not kept here: it is in the traffic log (origin `mock`, connectionId =
// the mock's id).
import type { CommandInput } from '../../shared/contract';
import type { MockInfo, MockRules } from '../../shared/mock';
import type { Result } from '../../shared/result';
import type { RpcClient } from '../../shared/rpc';
import type { SliceCreator } from './app-store';
import { applyReport, hasId, withoutId } from './reported-items';

export interface MocksSlice {
  mocks: MockInfo[];
  /** Rules text being edited, by mock id; absent means "as the mock has them". */
  mockRuleDrafts: Record<string, string>;
  loadMocks(): Promise<void>;
  applyMockInfo(info: MockInfo): void;
  forgetMock(mockId: string): void;
  /** Starts a mock and shows it. */
  startMock(input: CommandInput<'mock.start'>): Promise<Result<MockInfo>>;
  /** Replaces a mock's rules; the draft is dropped once the engine has them. */
  updateMockRules(mockId: string, rules: MockRules): Promise<Result<MockInfo>>;
  stopMock(mockId: string): Promise<Result<null>>;
  setMockRuleDraft(mockId: string, text: string | undefined): void;
}

/** The rules as the editor shows them. */
export const rulesText = (rules: MockRules): string => JSON.stringify(rules, null, 2);

export const createMocksSlice =
  (rpc: RpcClient): SliceCreator<MocksSlice> =>
  (set, get) => ({
    mocks: [],
    mockRuleDrafts: {},

    async loadMocks() {
      const result = await rpc.call('mock.list', {});
      if (result.ok) set({ mocks: result.value });
    },

    applyMockInfo(info) {
      set((state) => {
        const mocks = applyReport(state.mocks, info);
        return mocks ? { mocks } : {};
      });
    },

    forgetMock(mockId) {
      set((state) => {
        const mockRuleDrafts = { ...state.mockRuleDrafts };
        delete mockRuleDrafts[mockId];
        return { mocks: withoutId(state.mocks, mockId), mockRuleDrafts };
      });
      get().leaveView({ kind: 'mock', id: mockId });
    },

    async startMock(input) {
      const result = await rpc.call('mock.start', input);
      if (result.ok) {
        // A state event may have arrived first and be newer than this snapshot.
        if (!hasId(get().mocks, result.value.id)) get().applyMockInfo(result.value);
        get().showView({ kind: 'mock', id: result.value.id });
      }
      return result;
    },

    async updateMockRules(mockId, rules) {
      const result = await rpc.call('mock.update', { mockId, rules });
      if (result.ok) {
        get().applyMockInfo(result.value);
        get().setMockRuleDraft(mockId, undefined);
      }
      return result;
    },

    async stopMock(mockId) {
      const result = await rpc.call('mock.stop', { mockId });
      if (result.ok) get().forgetMock(mockId);
      return result;
    },

    setMockRuleDraft(mockId, text) {
      set((state) => {
        const mockRuleDrafts = { ...state.mockRuleDrafts };
        if (text === undefined) delete mockRuleDrafts[mockId];
        else mockRuleDrafts[mockId] = text;
        return { mockRuleDrafts };
      });
    },
  });
