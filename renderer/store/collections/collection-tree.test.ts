import { describe, expect, it } from 'vitest';
import type { CollectionInfo, CollectionRequest, RequestFile } from '../../../shared/collection';
import { allFolders, buildCollectionTree, checkItemName, fileProblems, formatProblem, movedPath, problemPlace, requestFileName, type TreeNode } from './collection-tree';

const value: RequestFile = { connection: 'tcp', kind: 'send', pattern: 'x', data: null, capture: [], assert: [] };
const request = (path: string, name: string): CollectionRequest => ({ path, folder: path.split('/').slice(0, -1), name, request: value });

const info: CollectionInfo = {
  collectionId: 'c1',
  root: '/c',
  collection: {
    root: '/c',
    manifest: { patchbay: 1, name: 'c', connections: {} },
    requests: [request('tcp/sum.yaml', 'sum'), request('tcp/admin/wipe.yaml', 'wipe'), request('ping.yaml', 'ping'), request('tcp/create.yaml', 'create')],
    environments: {},
    sagas: [
      { path: 'tcp/admin/reset.saga.yaml', name: 'reset' },
      { path: 'checkout.saga.yaml', name: 'checkout' },
      { path: 'recorded/replay.saga.yaml', name: 'replay' },
    ],
    problems: [
      { path: 'tcp/broken.yaml', line: 3, column: 7, message: 'Unexpected end of mapping' },
      { path: 'environments/local.yaml', line: 1, column: 1, message: 'variables must be a mapping' },
    ],
  },
  folders: ['tcp', 'tcp/admin', 'empty'],
  secrets: {},
};

/** The tree as indented lines: folders end with `/`, broken files with `!`, sagas with `~`. */
function outline(nodes: TreeNode[], depth = 0): string[] {
  return nodes.flatMap((node) => {
    const line = `${'  '.repeat(depth)}${node.kind === 'folder' ? `${node.name}/` : node.kind === 'broken' ? `${node.name}!` : node.kind === 'saga' ? `${node.name}~` : node.name}`;
    return node.kind === 'folder' ? [line, ...outline(node.children, depth + 1)] : [line];
  });
}

describe('collection tree', () => {
  it('keeps the run order, puts each folder’s sagas after its requests, places empty folders last and broken request files in their folder', () => {
    const tree = buildCollectionTree(info);
    expect(outline(tree.children)).toEqual(['tcp/', '  sum', '  admin/', '    wipe', '    reset~', '  create', '  broken!', 'ping', 'checkout~', 'recorded/', '  replay~', 'empty/']);
    expect(tree.otherProblems.map(formatProblem)).toEqual(['environments/local.yaml:1:1: variables must be a mapping']);
  });

  it('lists every folder for Move to…, the root first', () => {
    expect(allFolders(info)).toEqual(['', 'empty', 'tcp', 'tcp/admin']);
  });

  it('checks typed names and turns them into file names', () => {
    expect(checkItemName(' users ', 'folder')).toEqual({ ok: true, name: 'users' });
    expect(checkItemName('a/b', 'file')).toEqual({ ok: false, message: 'A name cannot hold / or \\ — use Move to… to put it in another folder' });
    expect(checkItemName('environments', 'folder')).toMatchObject({ ok: false });
    expect([requestFileName('get user'), requestFileName('get-user.json'), requestFileName('x.yml')]).toEqual(['get-user.yaml', 'get-user.json', 'x.yml']);
  });

  it('follows a moved file or folder, and nothing else', () => {
    expect([movedPath('tcp/sum.yaml', 'tcp', 'nest'), movedPath('tcp/sum.yaml', 'tcp/sum.yaml', 'sum.yaml'), movedPath('tcpx/sum.yaml', 'tcp', 'nest')]).toEqual(['nest/sum.yaml', 'sum.yaml', undefined]);
  });
});

describe('file problems of a failure', () => {
  const problem = { path: 'requests/pay.yaml', line: 4, column: 7, message: 'pattern: Required' };

  it('takes them bare or as the detail\'s problems, and nothing else', () => {
    expect(fileProblems([problem])).toEqual([problem]);
    expect(fileProblems({ problems: [problem, { path: 3 }, null] })).toEqual([problem]);
    expect(fileProblems({ code: 'E' })).toEqual([]);
    expect(fileProblems(undefined)).toEqual([]);
  });

  it('places a problem as far as it is known, a column only after a line', () => {
    expect(problemPlace(problem)).toBe('requests/pay.yaml:4:7');
    expect(problemPlace({ path: 'a.yaml', column: 7, message: 'm' })).toBe('a.yaml');
    expect(formatProblem(problem)).toBe('requests/pay.yaml:4:7: pattern: Required');
  });
});
