// Paths in the repository, the same from the bundle (dist/node/bench.js) and from the sources
// (electron/bench/*.ts): both sit two folders down.
import { fileURLToPath } from 'node:url';

export const repoPath = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
export const CLI_PATH = repoPath('dist/node/cli.js');
export const FIXTURE_PROTO = repoPath('fixtures/nest/app/proto/users.proto');
