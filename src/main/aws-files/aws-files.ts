// Public API of the AWS files engine: read, set and remove one profile, losslessly and atomically.
// IMPLEMENTATION PENDING (helper A). The session core codes against these types.

export type AwsFileKind = 'credentials' | 'config';

export interface AwsFilePaths {
  credentialsFile: string;
  configFile: string;
}

/** One profile as found in a file. `name` is the profile name ("dev"), not the section header ("profile dev"). */
export interface ProfileSnapshot {
  name: string;
  /** Key/value pairs, keys lower-cased as the AWS CLI reads them. */
  values: Record<string, string>;
  /** Session id from the Airlock marker comment, when Airlock wrote this section. */
  owner?: string;
  /** The section's exact text, header included, as it stands in the file. */
  raw: string;
}

export type ProfileEdit =
  /** Set and unset keys inside the profile's section (created at the end of the file when missing). */
  | {
      profile: string;
      action: 'set';
      set: Record<string, string>;
      unset?: string[];
      /** Writes or keeps the marker comment naming this session as the section's owner. */
      owner?: string;
      /** After unsetting, remove the section when no key is left in it. */
      dropIfEmpty?: boolean;
    }
  /** Remove the whole section (every duplicate of it). */
  | { profile: string; action: 'remove' }
  /** Replace the section with this exact text (header included), or append it when missing. */
  | { profile: string; action: 'restore'; raw: string };
