// Which environment a collection's requests and runs use: "No environment" or one of its
// environments, flagged when a secret it lists has no value on this machine; "Edit…" opens it.
import { useId } from 'react';
import type { CollectionInfo } from '../../../shared/collection';
import { useAppStore } from '../../store/store-context';
import { Button } from '../../ui/button';
import { WarningIcon } from '../../ui/icons';
import '../../styles/runs-history.css';

/** The secrets an environment lists that have no value here. */
export function missingSecrets(info: CollectionInfo | undefined, environment: string | undefined): string[] {
  if (!info || environment === undefined) return [];
  return Object.entries(info.secrets[environment] ?? {})
    .filter(([, source]) => source === 'missing')
    .map(([name]) => name);
}

export function EnvironmentSwitcher({ collectionId }: { collectionId: string }) {
  const selectId = useId();
  const info = useAppStore((s) => s.collections.find((collection) => collection.collectionId === collectionId));
  const active = useAppStore((s) => s.activeEnvironments[collectionId]);
  const setActiveEnvironment = useAppStore((s) => s.setActiveEnvironment);
  const showView = useAppStore((s) => s.showView);
  const names = Object.keys(info?.collection.environments ?? {});
  // A chosen environment whose file went away (or no longer parses) stays listed, so the choice is visible.
  const listed = active !== undefined && !names.includes(active) ? [...names, active] : names;
  const missing = missingSecrets(info, active);
  const warning =
    missing.length === 0 ? undefined : `${missing.length === 1 ? `Secret ${missing[0]} has` : `Secrets ${missing.join(', ')} have`} no value on this machine — set ${missing.length === 1 ? 'it' : 'them'} in the environment`;

  return (
    <div className="env-switcher">
      <label className="env-switcher__label" htmlFor={selectId}>
        Environment
      </label>
      <div className={`env-switcher__select${missing.length > 0 ? ' env-switcher__select--warn' : ''}`}>
        <select id={selectId} value={active ?? ''} onChange={(event) => setActiveEnvironment(collectionId, event.target.value === '' ? undefined : event.target.value)}>
          <option value="">No environment</option>
          {listed.map((name) => (
            <option key={name} value={name}>
              {name}
              {/* The chosen one has the warning mark beside the select instead. */}
              {name !== active && missingSecrets(info, name).length > 0 ? ' — secret missing' : ''}
            </option>
          ))}
        </select>
      </div>
      {warning && (
        <span className="env-switcher__warning" role="img" aria-label={warning} title={warning}>
          <WarningIcon size={14} />
        </span>
      )}
      <Button variant="ghost" size="sm" aria-label="Edit environments" onClick={() => showView({ kind: 'environment', collectionId, name: active ?? names[0] ?? '' })}>
        Edit…
      </Button>
    </div>
  );
}
