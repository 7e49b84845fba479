// The credential_process answer (Version 1 JSON), shared by the command and its fast path.
import type { AwsCredentials } from '../main/sts/sts-gateway';

/** One line of Version 1 JSON, as the AWS CLI and SDKs read it from a credential_process. */
export function credentialProcessJson(creds: AwsCredentials): string {
  return `${JSON.stringify({
    Version: 1,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    ...(creds.sessionToken ? { SessionToken: creds.sessionToken } : {}),
    ...(creds.expiration ? { Expiration: creds.expiration } : {}),
  })}\n`;
}
