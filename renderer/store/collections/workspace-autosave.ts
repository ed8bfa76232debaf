// Keeps the workspace draft (workspace-draft.ts) with the engine as the user works: once the
// stored one has been read back, every change is saved after a short pause, and `flush` saves a
// pending change at once (the page is being hidden or closed).
import type { CommandInput } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc';
import type { AppStore } from '../app-store';
import { workspaceParts } from '../collections-slice';
import { WORKSPACE_DRAFT_KEY, workspaceOf } from './workspace-draft';

/** Long enough to save once per burst of typing, short enough that a crash loses almost nothing. */
export const WORKSPACE_SAVE_DELAY_MS = 300;

export function startWorkspaceAutosave(store: AppStore, rpc: RpcClient, delayMs = WORKSPACE_SAVE_DELAY_MS): { flush: () => void; stop: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSaved: string | undefined;
  let failing = false;

  const save = () => {
    timer = undefined;
    const text = JSON.stringify(workspaceOf(store.getState()));
    if (text === lastSaved) return;
    lastSaved = text;
    void rpc.call('drafts.save', { key: WORKSPACE_DRAFT_KEY, value: JSON.parse(text) as CommandInput<'drafts.save'>['value'] }).then((result) => {
      if (result.ok) {
        failing = false;
        return;
      }
      // Try again with the next change; say so once, not on every keystroke.
      lastSaved = undefined;
      if (!failing) store.getState().noteCollectionProblem(`Unsaved edits are not being kept for after a restart: ${result.error.message}`);
      failing = true;
    });
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (!state.workspaceRestored) return;
    // Just read back: that is what is stored.
    if (!previous.workspaceRestored) {
      lastSaved = JSON.stringify(workspaceOf(state));
      return;
    }
    const now = workspaceParts(state);
    const before = workspaceParts(previous);
    if (now.every((part, index) => part === before[index])) return;
    clearTimeout(timer);
    timer = setTimeout(save, delayMs);
  });

  return {
    flush() {
      if (timer === undefined) return;
      clearTimeout(timer);
      save();
    },
    stop() {
      clearTimeout(timer);
      unsubscribe();
    },
  };
}
