// The floor of a cold chained-role start in Node: load @aws-sdk/client-sts and make one AssumeRole.
// Run by bench/core.bench.ts beside `airlock session start`: argv endpoint, role ARN; keys in env.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose, as the CLI entry */
const { STSClient, AssumeRoleCommand } = require('@aws-sdk/client-sts');

const [endpoint, roleArn] = process.argv.slice(2);
const client = new STSClient({
  region: 'us-east-1',
  endpoint,
  credentials: {
    accessKeyId: process.env.FLOOR_ACCESS_KEY_ID,
    secretAccessKey: process.env.FLOOR_SECRET_ACCESS_KEY,
  },
});
client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'floor' })).then(
  () => client.destroy(),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
