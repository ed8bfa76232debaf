// The hover lookup of a collection's `{{variables}}` in its active environment, for editors and
// inputs (variable-highlight.ts); `undefined` until the engine has answered.
import { useEffect, useMemo } from 'react';
import { useAppStore } from '../../store/store-context';
import { variablesKey } from '../../store/variables-slice';
import type { VariableLookup } from '../../ui/variable-highlight';
import { createVariableLookup } from '../../ui/variable-lookup';

export function useVariableLookup(collectionId: string | undefined): VariableLookup | undefined {
  const environment = useAppStore((s) => (collectionId === undefined ? undefined : s.activeEnvironments[collectionId]));
  const loaded = useAppStore((s) => (collectionId === undefined ? undefined : s.variables[variablesKey(collectionId, environment)]));
  const loadVariables = useAppStore((s) => s.loadVariables);
  const known = loaded !== undefined;
  useEffect(() => {
    if (collectionId !== undefined && !known) void loadVariables(collectionId, environment);
  }, [collectionId, environment, known, loadVariables]);
  const values = loaded?.values;
  // Stable while the values are, so editors are not reconfigured on every render.
  return useMemo(() => (values ? createVariableLookup(values, environment) : undefined), [values, environment]);
}
