// Entry point of the bundled `airlock` binary.
import { runCli } from './main';

// The SDK's notice about Node.js versions is for SDK users, not for people running airlock:
// it would land on stderr of every command (and in credential_process output the AWS CLI shows).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
