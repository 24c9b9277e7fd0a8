// Vite build of the operator console and the customer tracking page. Two HTML entry points,
// one shared asset folder; the API serves the output (dist/web) under /web/, see
// src/api/routes/web.ts. `npm run build:web` runs this config.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  // Every asset URL starts with /web/ so the API can serve them from one prefix.
  base: '/web/',
  logLevel: 'warn',
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    // Leaflet is ~150 kB; no need for a warning about it.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      input: {
        console: here('console.html'),
        track: here('track.html'),
      },
    },
  },
});
