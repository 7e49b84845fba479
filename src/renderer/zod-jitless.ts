// Imported first: zod's JIT probes `new Function`, which the CSP (no 'unsafe-eval') reports.
import * as z from 'zod';

z.config({ jitless: true });
