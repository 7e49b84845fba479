// Entry point of the bundled `airlock` binary (one CommonJS file, dist/cli/airlock.cjs): a cached
// credential_process is answered by the fast path (fast-credential-process.ts); everything else
// imports the program (main.ts, built as ES modules: dist/cli/program.mjs).
import { cachedCredentialProcess, fastPathName, writeAnswer } from './fast-credential-process';

// The SDK's notice about Node.js versions is for SDK users, not for people running airlock:
// it would land on stderr of every command (and in credential_process output the AWS CLI shows).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function run(argv: string[]): Promise<number> {
  const name = fastPathName(argv);
  const answer = name === undefined ? undefined : await cachedCredentialProcess(name, process);
  if (answer !== undefined) {
    writeAnswer(answer);
    return 0;
  }
  const { runCli } = await import('./main');
  return runCli(argv);
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
