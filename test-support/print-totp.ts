// An mfa-process for tests: prints the current TOTP code of the base32 secret it is given, as ykman does.
import { totp } from './totp';

const secret = process.argv[2];
if (!secret) {
  process.stderr.write('usage: print-totp SECRET\n');
  process.exit(2);
}
process.stdout.write(`${totp(secret)}\n`);
