// Vite build for the Ariadne web UI. The server serves `dist/` at `/` with an SPA fallback to
// index.html; in development `/api` is proxied to the server on :8080.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    // Lean bundle for slow links: no inline assets over 4 KiB, one CSS file.
    assetsInlineLimit: 4096,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:8080', changeOrigin: false } },
  },
});
