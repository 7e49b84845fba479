// Test fixture: a separate writer process that the crash-safety and two-process tests start and kill.
import { AwsFiles } from '../aws-files';

const [mode = '', credentialsFile = '', ...rest] = process.argv.slice(2);
const files = new AwsFiles({ credentialsFile, configFile: `${credentialsFile}.config` });

async function alternate(profile: string, values: string[]): Promise<void> {
  // Tells the parent the process is up, so its kill lands among writes rather than during startup.
  process.stdout.write('ready\n');
  for (let turn = 0; ; turn++) {
    const payload = values[turn % values.length] ?? '';
    await files.apply('credentials', [{ profile, action: 'set', set: { payload } }]);
  }
}

async function addProfiles(prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await files.apply('credentials', [
      { profile: `${prefix}-${i}`, action: 'set', set: { aws_access_key_id: `${prefix}${i}` } },
    ]);
  }
}

if (mode === 'alternate') {
  // Values are passed short and repeated here: a command-line argument is limited to 128 KiB.
  const [profile = 'crash', repeat = '1', ...values] = rest;
  await alternate(
    profile,
    values.map((value) => value.repeat(Number(repeat))),
  );
} else if (mode === 'profiles') {
  await addProfiles(rest[0] ?? 'p', Number(rest[1] ?? '1'));
} else {
  throw new Error(`unknown mode ${mode}`);
}
