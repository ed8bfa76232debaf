// Node-side build: the CLI (which also runs the headless host) and the Electron main process as ESM bundles
// (dependencies stay external), and the preload as one self-contained CommonJS file, which is
// what a sandboxed Electron preload must be.
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) =>
  mode === 'preload'
    ? {
        build: {
          ssr: 'electron/preload/index.ts',
          outDir: 'dist/preload',
          emptyOutDir: true,
          rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'index.cjs' } },
        },
      }
    : {
        build: {
          ssr: true,
          outDir: 'dist/node',
          emptyOutDir: true,
          target: 'node20',
          rollupOptions: {
            input: {
              cli: 'electron/cli/main.ts',
              main: 'electron/main/index.ts',
              // The benchmark suite (`npm run bench`); it starts the test fixtures, which stay outside the bundle.
              bench: 'electron/bench/main.ts',
            },
            external: (id) => id.includes('/fixtures/'),
            output: {
              format: 'es',
              entryFileNames: '[name].js',
              banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
              // From dist/node/, where the bundles land.
              paths: (id) => (id.includes('/fixtures/') ? `../../fixtures/${id.split('/fixtures/')[1]}` : id),
            },
          },
        },
      },
);
