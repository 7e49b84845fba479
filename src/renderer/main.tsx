// Renderer entry: mounts the app and tells the main process it may flush queued events.
import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './styles.css';

// Marks for bench/renderer.bench.ts; they cost nothing when nobody reads them.
performance.mark('airlock:app-start');
const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
