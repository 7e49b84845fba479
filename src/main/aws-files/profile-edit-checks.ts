// Checks of profile edits before they are applied: names, keys and values that the AWS CLI and
// SDKs can read back as written, and restore texts that hold only their own profile.
import type { AwsFileKind, ProfileEdit } from './aws-files';
import { AwsFilesError } from './aws-files-error';
import { parseIniDocument } from './ini-document';
import { sectionProfileName } from './profile-sections';

/** Characters both the AWS CLI's and the JS SDK's section parsers accept in a profile name. */
const PROFILE_NAME = /^[A-Za-z0-9_\-@+.%:/]+$/;
const KEY_NAME = /^[A-Za-z0-9_-]+$/;
/** configparser's defaults section, and the name the JS SDK rejects outright. */
const RESERVED_PROFILES = new Set(['DEFAULT', '__proto__']);

function invalidEdit(path: string, message: string): AwsFilesError {
  return new AwsFilesError('VALIDATION', `Cannot edit ${path}: ${message}`, path);
}

/** Rejects edits whose text could not be read back as written. Messages never echo a value. */
export function validateEdits(kind: AwsFileKind, edits: ProfileEdit[], path: string): void {
  for (const edit of edits) {
    if (!PROFILE_NAME.test(edit.profile) || RESERVED_PROFILES.has(edit.profile)) {
      throw invalidEdit(
        path,
        `the profile name "${edit.profile.replace(/[\r\n]/g, ' ')}" is not one the AWS CLI and SDKs can read back (use letters, digits and _-@+.%:/).`,
      );
    }
    if (edit.action === 'set') {
      const setKeys = new Set<string>();
      for (const [key, value] of Object.entries(edit.set)) {
        // Readers match keys case-insensitively, so "Region" and "region" would be one key.
        if (!KEY_NAME.test(key) || setKeys.has(key.toLowerCase())) {
          throw invalidEdit(
            path,
            `a key of profile ${edit.profile} is not a plain key name, or is set twice in different case.`,
          );
        }
        if (/[\r\n]/.test(value)) {
          throw invalidEdit(path, `the value of ${key} in profile ${edit.profile} spans lines.`);
        }
        setKeys.add(key.toLowerCase());
      }
      for (const key of edit.unset ?? []) {
        if (!KEY_NAME.test(key) || setKeys.has(key.toLowerCase())) {
          throw invalidEdit(
            path,
            `profile ${edit.profile} unsets a key it also sets, or a key name that is not plain.`,
          );
        }
      }
      if (edit.owner !== undefined && (edit.owner === '' || /[\r\n]/.test(edit.owner))) {
        throw invalidEdit(
          path,
          `the owner session id of profile ${edit.profile} is empty or spans lines.`,
        );
      }
    } else if (edit.action === 'restore' && edit.raw !== '') {
      const doc = parseIniDocument(edit.raw);
      const named = doc.sections.every(
        (section) => sectionProfileName(kind, section.name) === edit.profile,
      );
      if (doc.bom || doc.sections[0]?.start !== 0 || !named) {
        throw invalidEdit(
          path,
          `the text to restore for profile ${edit.profile} must start with its own section header and hold no other profile.`,
        );
      }
    }
  }
}
