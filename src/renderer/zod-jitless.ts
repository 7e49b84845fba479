// Imported first: zod's JIT probes `new Function`, which the CSP (no 'unsafe-eval') reports.
import { z } from 'zod';

z.config({ jitless: true });
