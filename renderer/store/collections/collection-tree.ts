// An open collection as the sidebar draws it: folders and requests in the engine's order, each
// folder's sagas after its requests, empty folders included, and the files that could not be read placed where they sit, marked with their
// problems. Also the path arithmetic the item actions need (names, folders, moves).
import type { CollectionInfo, CollectionRequest, CollectionSaga, FileProblem } from '../../../shared/collection';
import { COLLECTION_MANIFEST_FILE, ENVIRONMENTS_FOLDER, REQUEST_FILE_EXTENSIONS } from '../../../shared/collection';
import type { TransportKind } from '../../../shared/connection';

export type TreeNode =
  | { kind: 'folder'; path: string; name: string; children: TreeNode[] }
  | { kind: 'request'; path: string; name: string; request: CollectionRequest }
  /** A saga file: it runs as a whole from its own view, never as part of a collection run. */
  | { kind: 'saga'; path: string; name: string; saga: CollectionSaga }
  /** A request file that does not parse: it keeps its place, with what is wrong. */
  | { kind: 'broken'; path: string; name: string; problems: FileProblem[] };

export interface CollectionTree {
  children: TreeNode[];
  /** Problems of files that are not requests (the manifest, environments, `_folder.yaml`). */
  otherProblems: FileProblem[];
}

/** `users/get-user.yaml` → `users`; a root file → ``. */
export const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
/** `users/get-user.yaml` → `get-user.yaml`. */
export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
export const joinPath = (folder: string, name: string) => (folder === '' ? name : `${folder}/${name}`);
/** `get-user.yaml` → `get-user`. */
export const withoutExtension = (name: string) => name.replace(/\.(ya?ml|json)$/i, '');
export const extensionOf = (name: string) => /\.(ya?ml|json)$/i.exec(name)?.[0] ?? '';

/** Whether a problem's file would be a request if it parsed. */
export function isRequestFilePath(path: string): boolean {
  const name = baseName(path);
  if (path === COLLECTION_MANIFEST_FILE || path.startsWith(`${ENVIRONMENTS_FOLDER}/`) || name.startsWith('_folder.')) return false;
  return REQUEST_FILE_EXTENSIONS.some((extension) => name.toLowerCase().endsWith(extension));
}

export function buildCollectionTree(info: CollectionInfo): CollectionTree {
  const root: TreeNode & { kind: 'folder' } = { kind: 'folder', path: '', name: '', children: [] };
  const folders = new Map<string, TreeNode & { kind: 'folder' }>([['', root]]);
  const folderNode = (path: string): TreeNode & { kind: 'folder' } => {
    const known = folders.get(path);
    if (known) return known;
    const node: TreeNode & { kind: 'folder' } = { kind: 'folder', path, name: baseName(path), children: [] };
    folders.set(path, node);
    folderNode(folderOf(path)).children.push(node);
    return node;
  };
  // Requests come in run order: a folder takes its place where its first request is.
  for (const request of info.collection.requests) {
    folderNode(folderOf(request.path)).children.push({ kind: 'request', path: request.path, name: request.name, request });
  }
  for (const saga of info.collection.sagas ?? []) {
    folderNode(folderOf(saga.path)).children.push({ kind: 'saga', path: saga.path, name: saga.name, saga });
  }
  // Empty folders (and folders holding only broken files) after the rest, in the engine's order.
  for (const path of info.folders) folderNode(path);

  const otherProblems: FileProblem[] = [];
  const broken = new Map<string, TreeNode & { kind: 'broken' }>();
  for (const problem of info.collection.problems) {
    if (!isRequestFilePath(problem.path) || info.collection.requests.some((request) => request.path === problem.path)) {
      otherProblems.push(problem);
      continue;
    }
    const known = broken.get(problem.path);
    if (known) {
      known.problems.push(problem);
      continue;
    }
    const node: TreeNode & { kind: 'broken' } = { kind: 'broken', path: problem.path, name: withoutExtension(baseName(problem.path)), problems: [problem] };
    broken.set(problem.path, node);
    folderNode(folderOf(problem.path)).children.push(node);
  }
  return { children: root.children, otherProblems };
}

/** `path:line:column: message`, as editors and compilers print it. */
export function formatProblem(problem: FileProblem): string {
  return `${problemPlace(problem)}: ${problem.message}`;
}

/** A failure's file problems (a run's, a saga's), whether the engine sent them bare or as `problems`; none when it sent something else. */
export function fileProblems(detail: unknown): FileProblem[] {
  const list = Array.isArray(detail) ? detail : detail && typeof detail === 'object' && 'problems' in detail && Array.isArray(detail.problems) ? detail.problems : [];
  return list.filter((item): item is FileProblem => item !== null && typeof item === 'object' && typeof item.path === 'string' && typeof item.message === 'string');
}

/** `requests/pay.yaml:4:7`: as far as the place is known (a column only after a line). */
export function problemPlace(problem: FileProblem): string {
  return [problem.path, problem.line, problem.line !== undefined ? problem.column : undefined].filter((part) => part !== undefined).join(':');
}

/** Every folder of the tree, root first (``), for "Move to…". */
export function allFolders(info: CollectionInfo): string[] {
  const paths = new Set<string>(['']);
  const add = (path: string) => {
    for (let folder = path; folder !== ''; folder = folderOf(folder)) paths.add(folder);
  };
  info.folders.forEach(add);
  info.collection.requests.forEach((request) => add(folderOf(request.path)));
  return [...paths].sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, undefined, { numeric: true })));
}

export type NameCheck = { ok: true; name: string } | { ok: false; message: string };

/** A file or folder name typed by a user: one path segment, nothing hidden, no reserved names. */
export function checkItemName(text: string, what: 'file' | 'folder'): NameCheck {
  const name = text.trim();
  if (name === '') return { ok: false, message: what === 'file' ? 'Give the file a name, such as get-user' : 'Give the folder a name, such as users' };
  if (/[/\\]/.test(name)) return { ok: false, message: 'A name cannot hold / or \\ — use Move to… to put it in another folder' };
  if (name.startsWith('.')) return { ok: false, message: 'A name starting with . is hidden and never read as part of the collection' };
  if (name === '..' || name === 'node_modules') return { ok: false, message: `"${name}" is not read as part of a collection — choose another name` };
  if (what === 'folder' && name === ENVIRONMENTS_FOLDER) return { ok: false, message: `"${ENVIRONMENTS_FOLDER}" holds the collection's environments — choose another name` };
  if (what === 'file' && name.startsWith('_folder.')) return { ok: false, message: '_folder.yaml holds a folder\'s order, not a request — choose another name' };
  return { ok: true, name };
}

/** A request's file name from what was typed: `get user` → `get-user.yaml`; a typed extension is kept. */
export function requestFileName(text: string, defaultExtension = '.yaml'): string {
  const name = text.trim();
  if (extensionOf(name) !== '') return name;
  return `${name.replace(/\s+/g, '-')}${defaultExtension}`;
}

/** A file name suggested from a request's name: lowercase words joined by dashes. */
export function suggestedFileName(requestName: string): string {
  const slug = requestName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'new-request' : slug;
}

/** Where a tab's path goes when `from` (a file or a folder) moves to `to`; undefined when it is not under it. */
export function movedPath(path: string, from: string, to: string): string | undefined {
  if (path === from) return to;
  if (path.startsWith(`${from}/`)) return `${to}${path.slice(from.length)}`;
  return undefined;
}

/** Whether `path` is `item` or lies inside it (a folder). */
export const isWithin = (path: string, item: string) => path === item || path.startsWith(`${item}/`);

const transportBySchemes: Record<string, TransportKind> = { tcp: 'tcp', 'tcp+tls': 'tcp', grpc: 'grpc', grpcs: 'grpc', redis: 'redis', rediss: 'redis', amqp: 'rmq', amqps: 'rmq', kafka: 'kafka', kafkas: 'kafka' };

/** The transport a connection's target URL names by its scheme (`grpc://…` → grpc); undefined when a variable hides it. */
export function transportOfTarget(target: string): TransportKind | undefined {
  const scheme = /^([a-z+]+):\/\//i.exec(target.trim())?.[1]?.toLowerCase();
  return scheme === undefined ? undefined : transportBySchemes[scheme];
}
