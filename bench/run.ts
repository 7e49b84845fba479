// `npm run bench`: every benchmark, each printing figures and ratios against a baseline from the same run.
import { runAwsFilesBench } from './aws-files.bench';
import { runCoreBench } from './core.bench';
import { runCoreRssBench } from './core-rss.bench';
import { runHiddenBench } from './hidden.bench';
import { runIdentityCenterBench } from './identity-center.bench';
import { runRendererBench } from './renderer.bench';
import { runSwitcherBench } from './switcher.bench';

await runCoreBench();
await runCoreRssBench();
await runAwsFilesBench();
await runRendererBench();
await runSwitcherBench();
await runHiddenBench();
await runIdentityCenterBench();
