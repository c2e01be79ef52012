import { defineConfig } from 'vite';

export default defineConfig({
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  build: {
    target: 'es2022',
    // The validator carries the whole FHIR R4 model (about 560 kB gzipped): one chunk is right.
    chunkSizeWarningLimit: 4096,
  },
});
