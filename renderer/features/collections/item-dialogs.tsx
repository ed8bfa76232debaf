// The small dialogs of the collection tree: a name (new folder, rename, save a new request), a
// folder to move to, and a confirmation. Each shows the engine's refusal in its footer and keeps
// what was typed.
import { useState, type ReactNode } from 'react';
import type { Result } from '../../../shared/result';
import { Button } from '../../ui/button';
import { Dialog, FormActions, useFormDialog, type FormCheck } from '../../ui/dialog';
import { SelectField, TextField } from '../../ui/form-fields';
import { checkItemName } from '../../store/collections/collection-tree';

interface NameDialogProps {
  title: string;
  subtitle: ReactNode;
  label: string;
  initial: string;
  what: 'file' | 'folder';
  hint?: string;
  submitLabel: string;
  busyLabel: string;
  onSubmit: (name: string) => Promise<Result<unknown>>;
  onClose: () => void;
}

export function NameDialog({ title, subtitle, label, initial, what, hint, submitLabel, busyLabel, onSubmit, onClose }: NameDialogProps) {
  const [text, setText] = useState(initial);
  const name = checkItemName(text, what);
  const check: FormCheck<'name', string> = name.ok ? { ok: true, input: name.name } : { ok: false, errors: { name: name.message } };
  const form = useFormDialog(check, onSubmit, onClose);
  return (
    <Dialog title={title} subtitle={subtitle} onClose={onClose} onSubmit={(event) => void form.submit(event)} error={form.formError} actions={<FormActions onCancel={onClose} label={submitLabel} busyLabel={busyLabel} busy={form.submitting} />}>
      <TextField label={label} value={text} onChange={setText} hint={hint} mono autoFocus {...form.fieldProps('name')} />
    </Dialog>
  );
}

interface MoveDialogProps {
  /** What moves, for the title: `get-user.yaml`, `users`. */
  itemName: string;
  /** Folders it may go to (`''` is the collection's top level). */
  folders: readonly string[];
  current: string;
  onSubmit: (folder: string) => Promise<Result<unknown>>;
  onClose: () => void;
}

export function MoveDialog({ itemName, folders, current, onSubmit, onClose }: MoveDialogProps) {
  const [folder, setFolder] = useState(folders.find((candidate) => candidate !== current) ?? current);
  const check: FormCheck<'folder', string> = folder === current ? { ok: false, errors: { folder: `${itemName} is already there — pick another folder` } } : { ok: true, input: folder };
  const form = useFormDialog(check, onSubmit, onClose);
  return (
    <Dialog
      title={`Move ${itemName}`}
      subtitle="To another folder of the collection. Nothing there is replaced."
      onClose={onClose}
      onSubmit={(event) => void form.submit(event)}
      error={form.formError}
      actions={<FormActions onCancel={onClose} label="Move" busyLabel="Moving…" busy={form.submitting} />}
    >
      <SelectField label="Folder" value={folder} onChange={setFolder} {...form.fieldProps('folder')}>
        {folders.map((candidate) => (
          <option key={candidate} value={candidate}>
            {candidate === '' ? '(top level)' : candidate}
            {candidate === current ? ' — where it is' : ''}
          </option>
        ))}
      </SelectField>
    </Dialog>
  );
}

interface ConfirmDialogProps {
  title: string;
  subtitle: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  onConfirm: () => Promise<Result<unknown>>;
  onClose: () => void;
}

/** A yes/no question with a red yes: deleting, closing with unsaved edits. */
export function ConfirmDialog({ title, subtitle, confirmLabel, busyLabel, onConfirm, onClose }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <Dialog
      title={title}
      subtitle={subtitle}
      onClose={onClose}
      error={error}
      actions={
        <>
          <Button onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const result = await onConfirm();
              setBusy(false);
              if (result.ok) onClose();
              else setError(result.error.message);
            }}
          >
            {busy ? busyLabel : confirmLabel}
          </Button>
        </>
      }
    >
      {null}
    </Dialog>
  );
}
