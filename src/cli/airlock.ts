// Entry point of the bundled `airlock` binary (one CommonJS file, dist/cli/airlock.cjs): a cached
// credential_process is answered by the fast path (fast-credential-process.ts); everything else
// runs the program (main.ts, built as one CommonJS file, dist/cli/program.cjs) through V8's code
// cache (program-loader.ts), with the keychain's connection opening beside it (keychain-warm-up.ts).
import { fileURLToPath } from 'node:url';
import { cachedCredentialProcess, fastPathName, writeAnswer } from './fast-credential-process';
import { warmKeychainFor } from './keychain-warm-up';
import { codeCacheCommand } from './code-cache-key';
import { codeCachePath, loadProgram } from './program-loader';

/** program.cjs's content hash, set by scripts/build-cli.ts: it names the code cache of this build. */
declare const __AIRLOCK_PROGRAM_HASH__: string;

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
  // The keychain's connection opens on a libuv thread while the main thread loads the program.
  warmKeychainFor(argv, process.env);
  const cache = codeCachePath(process.env, {
    programHash: __AIRLOCK_PROGRAM_HASH__,
    command: codeCacheCommand(argv),
    nodeVersion: process.version,
    arch: process.arch,
  });
  const program = loadProgram(fileURLToPath(new URL('./program.cjs', import.meta.url)), cache);
  return program.runCli(argv);
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
