// Test fixture: runs one engine call in its own (possibly unprivileged) process and prints the outcome as JSON.
import { AwsFiles, AwsFilesError } from '../aws-files';

const [operation = '', credentialsFile = ''] = process.argv.slice(2);
const files = new AwsFiles({ credentialsFile, configFile: `${credentialsFile}.config` });

try {
  if (operation === 'read') await files.readProfile('credentials', 'a');
  else await files.apply('credentials', [{ profile: 'a', action: 'set', set: { x: '1' } }]);
  process.stdout.write(JSON.stringify({ ok: true }));
} catch (error) {
  const code = error instanceof AwsFilesError ? error.code : 'UNTYPED';
  const message = error instanceof Error ? error.message : String(error);
  process.stdout.write(JSON.stringify({ ok: false, code, message }));
}
