// The `collection.*` commands: open collections, their files and folders, secrets, sends and
// runs. Every write goes through the engine's checked, atomic writers and is followed by a fresh
// `collection.changed` before the command answers.
import { isAbsolute } from 'node:path';
import type { CommandName } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { fail, ok } from '../../../shared/result';
import type { Handlers } from '../contract-handlers';
import type { Engine } from '../engine';
import { createFolder, deleteItem, duplicateItem, moveItem } from './collection-items';
import { createCollection, writeEnvironment, writeManifest, writeRequestFile } from './collection-writes';
import { setSecret } from './collection-secrets';
import { importNestProject } from './nest-source-import';
import { importProto } from './proto-import';
import type { OpenCollection } from './open-collections';

type CollectionCommand = Extract<CommandName, `collection.${string}`>;

/** The engine's working folder means nothing to the app (and differs between the desktop app and the headless host). */
const notAbsolute = (path: string, what = 'folder', example = '/home/me/users-service/collection') => fail('invalid-path', `"${path}" is a relative path. Give the ${what} as an absolute path, e.g. ${example}.`);

export function createCollectionHandlers(engine: Pick<Engine, 'collections'>): Pick<Handlers, CollectionCommand> {
  const { collections } = engine;
  const unknownCollection = (collectionId: string) =>
    fail('unknown-collection', `No open collection has id ${collectionId}. It may have been closed; open its folder again.`);

  /** Runs `action` on the open collection; after a successful write, the new state is read and published before answering. */
  const withCollection = async <T>(collectionId: string, action: (collection: OpenCollection) => Promise<Result<T>>, writes = true): Promise<Result<T>> => {
    const collection = collections.get(collectionId);
    if (!collection) return unknownCollection(collectionId);
    const result = await action(collection);
    if (result.ok && writes) await collection.refresh();
    return result;
  };

  return {
    'collection.open': async ({ root }) => (isAbsolute(root) ? collections.open(root) : notAbsolute(root)),
    'collection.create': async ({ root, name }) => {
      if (!isAbsolute(root)) return notAbsolute(root);
      const created = await createCollection(root, name);
      return created.ok ? collections.open(created.value.root) : created;
    },
    'collection.importNest': async ({ project, root, name }) => {
      if (!isAbsolute(project)) return notAbsolute(project);
      if (!isAbsolute(root)) return notAbsolute(root);
      const imported = await importNestProject(project, root, name);
      return imported.ok ? collections.open(imported.value.root) : imported;
    },
    'collection.importProto': async ({ collectionId, proto, connection, target, folder }) =>
      !isAbsolute(proto) ? notAbsolute(proto, '.proto file', '/home/me/users-service/proto/users.proto') : withCollection(collectionId, async (collection) => {
        const imported = await importProto(collection.root, proto, { connection, ...(target === undefined ? {} : { target }), ...(folder === undefined ? {} : { folder }) });
        return imported.ok ? ok({ written: imported.value.written, skipped: imported.value.skipped, connectionAdded: imported.value.connectionAdded }) : imported;
      }),
    'collection.list': async () => ok(collections.list()),
    'collection.close': async ({ collectionId }) => ((await collections.close(collectionId)) ? ok(null) : unknownCollection(collectionId)),
    'collection.saveRequest': ({ collectionId, path, request }) => withCollection(collectionId, (collection) => writeRequestFile(collection.root, path, request)),
    'collection.createFolder': ({ collectionId, path }) => withCollection(collectionId, (collection) => createFolder(collection.root, path)),
    'collection.moveItem': ({ collectionId, from, to }) => withCollection(collectionId, (collection) => moveItem(collection.root, from, to)),
    'collection.duplicateItem': ({ collectionId, path }) => withCollection(collectionId, (collection) => duplicateItem(collection.root, path)),
    'collection.deleteItem': ({ collectionId, path }) => withCollection(collectionId, (collection) => deleteItem(collection.root, path)),
    'collection.saveManifest': ({ collectionId, manifest }) => withCollection(collectionId, (collection) => writeManifest(collection.root, manifest)),
    'collection.saveEnvironment': ({ collectionId, name, environment }) => withCollection(collectionId, (collection) => writeEnvironment(collection.root, name, environment)),
    'collection.setSecret': ({ collectionId, environment, name, value }) =>
      withCollection(collectionId, (collection) => setSecret(collections.secretStore, collection.info().collection, environment, name, value)),
    'collection.variables': ({ collectionId, environment }) => withCollection(collectionId, (collection) => collection.session.variables(environment), false),
    'collection.send': ({ collectionId, environment, path, request }) =>
      withCollection(collectionId, (collection) => collection.session.send({ ...(environment === undefined ? {} : { environment }), ...(path === undefined ? {} : { path }), request }), false),
    'collection.run': ({ collectionId, environment, folder, iterations, bail }) =>
      withCollection(collectionId, async (collection) => ok({ runId: collections.runs.start(collection, { environment, folder, iterations, bail }) }), false),
    'collection.stopRun': async ({ runId }) => collections.runs.stop(runId),
  };
}
