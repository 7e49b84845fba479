// Imported first by main.tsx, before any chunk builds a schema: zod's JIT probes `new Function`,
// which the CSP (no 'unsafe-eval') reports as a violation. Only zod's small core config module
// is loaded here; the schemas and the rest of zod come with the lazily loaded forms.
import { config } from 'zod/v4/core';

config({ jitless: true });
