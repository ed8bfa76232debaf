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
            },
            output: { format: 'es', entryFileNames: '[name].js', banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : '') },
          },
        },
      },
);
