// "Copy as" from a request tab: the request as it is being edited, over its connection's target,
// with the variables it sees now filled in, except secrets (and missing values), which stay as
// `{{name}}` so a copied command never holds a secret.
import type { CollectionInfo } from '../../../shared/collection';
import type { ResolvedVariable } from '../../../shared/collection';
import { fillPlaceholders } from '../../../shared/placeholders';
import { fail, ok, type Result } from '../../../shared/result';
import { useAppStore } from '../../store/store-context';
import type { CopySource } from '../composer/copy-as-menu';
import { transportOfTarget } from '../../store/collections/collection-tree';
import { requestFromDraft } from '../../store/collections/request-draft';
import type { RequestTab } from '../../store/collections/request-tab';

export function useTabCopySource(tab: RequestTab, info: CollectionInfo | undefined): CopySource {
  const collectionVariables = useAppStore((s) => s.collectionVariables);
  const parseTargetUrl = useAppStore((s) => s.parseTargetUrl);
  const built = tab.draft ? requestFromDraft(tab.draft, tab.saved) : undefined;
  const connection = built?.ok ? info?.collection.manifest.connections[built.request.connection] : undefined;
  const transport = connection ? transportOfTarget(connection.target) : undefined;
  const unavailableReason = !built?.ok
    ? 'Fix the request to copy it'
    : !connection
      ? `The collection has no connection named ${built.request.connection}`
      : !transport
        ? `The target ${connection.target} does not name its transport (tcp://, grpc://…)`
        : undefined;

  return {
    transport,
    unavailableReason,
    initialKind: tab.draft?.kind,
    async build(kind) {
      if (!built?.ok || !connection || !info) return fail('not-ready', unavailableReason ?? 'Nothing to copy');
      const variables = await collectionVariables(info.collectionId);
      if (!variables.ok) return variables;
      const fill = <T>(value: T): Result<T> => fillPlaceholders(value, (expression) => ok(publicValue(variables.value, expression))) as Result<T>;
      const targetText = fill(connection.target);
      const message = fill({ pattern: built.request.pattern, data: built.request.data, headers: built.request.headers ?? {} });
      if (!targetText.ok) return targetText;
      if (!message.ok) return message;
      const target = await parseTargetUrl(typeof targetText.value === 'string' ? targetText.value : JSON.stringify(targetText.value));
      if (!target.ok) return fail(target.error.code, `The connection's target cannot be read: ${target.error.message}`);
      const headers = message.value.headers;
      const retry = built.request.retry;
      return ok({ target: target.value, kind, pattern: message.value.pattern, data: message.value.data, ...(Object.keys(headers).length > 0 ? { headers } : {}), ...(retry ? { retry } : {}) });
    },
  };
}

/** A variable's value when it may be shown; secrets, missing ones and dynamic values stay as written. */
function publicValue(variables: Record<string, ResolvedVariable>, expression: string): unknown {
  const variable = variables[expression];
  if (variable && variable.source !== 'secret' && variable.value !== undefined) return variable.value;
  return `{{${expression}}}`;
}
