import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../shared/sessions';
import { emptyForm, formFromSession, parseForm } from './session-form-model';

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('session form', () => {
  it('builds an iam-user config with keys, leaving empty optionals out', () => {
    const outcome = parseForm(
      {
        ...emptyForm('iam-user'),
        name: 'dev',
        profile: 'dev',
        accessKeyId: KEY_ID,
        secretAccessKey: SECRET,
      },
      'add',
    );
    expect(outcome).toEqual({
      ok: true,
      config: { kind: 'iam-user', name: 'dev', profile: 'dev' },
      keys: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    });
  });

  it('requires keys for a new iam-user but not when editing one', () => {
    const form = { ...emptyForm('iam-user'), name: 'dev', profile: 'dev' };
    const added = parseForm(form, 'add');
    expect(added.ok).toBe(false);
    if (!added.ok) {
      expect(added.errors.accessKeyId).toBe('is required');
      expect(added.errors.secretAccessKey).toBe('is required');
    }
    expect(parseForm(form, 'edit')).toEqual({
      ok: true,
      config: { kind: 'iam-user', name: 'dev', profile: 'dev' },
    });
  });

  it('asks for the other half when only one key field is filled while editing', () => {
    const outcome = parseForm(
      { ...emptyForm('iam-user'), name: 'dev', profile: 'dev', accessKeyId: KEY_ID },
      'edit',
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.errors).toEqual({ secretAccessKey: 'is required' });
  });

  it('reports the schema message per field and a missing parent plainly', () => {
    const outcome = parseForm(
      { ...emptyForm('iam-role'), name: 'admin', profile: 'admin', roleArn: 'not-an-arn' },
      'add',
    );
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.errors.parentId).toBe('is required: choose a session');
      expect(outcome.errors.roleArn).toMatch(/role ARN/);
      expect(outcome.errors.name).toBeUndefined();
    }
  });

  it('enforces the duration bounds of the kind', () => {
    const base = { ...emptyForm('iam-role'), name: 'a', profile: 'a', parentId: 'p1' };
    const roleArn = 'arn:aws:iam::123456789012:role/Admin';
    const tooLong = parseForm({ ...base, roleArn, durationSeconds: '129600' }, 'add');
    expect(tooLong.ok).toBe(false);
    if (!tooLong.ok)
      expect(tooLong.errors.durationSeconds).toBe('must be between 900 and 43200 seconds');
    const fine = parseForm({ ...base, roleArn, durationSeconds: '3600' }, 'add');
    expect(fine.ok && fine.config).toMatchObject({ durationSeconds: 3600 });
    const fraction = parseForm({ ...base, roleArn, durationSeconds: '1.5' }, 'add');
    expect(!fraction.ok && fraction.errors.durationSeconds).toBe(
      'must be a whole number of seconds',
    );
  });

  it('never fills secret fields back when editing', () => {
    const view: SessionView = {
      id: 'dev',
      kind: 'iam-user',
      name: 'dev',
      profile: 'dev',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/dev',
      durationSeconds: 3600,
      state: { status: 'active' },
      profiles: ['dev'],
      hasStoredKeys: true,
    };
    const form = formFromSession(view);
    expect(form.accessKeyId).toBe('');
    expect(form.secretAccessKey).toBe('');
    expect(form.mfaSerial).toBe(view.mfaSerial);
    expect(form.durationSeconds).toBe('3600');
  });

  it("takes an MFA command on iam-user and iam-role forms, with the parser's reason per field", () => {
    const serial = 'arn:aws:iam::123456789012:mfa/dev';
    const user = { ...emptyForm('iam-user'), name: 'dev', profile: 'dev', mfaSerial: serial };
    const fine = parseForm(
      { ...user, mfaProcess: " ykman oath accounts code --single 'AWS dev' " },
      'edit',
    );
    expect(fine.ok && fine.config).toMatchObject({
      mfaProcess: "ykman oath accounts code --single 'AWS dev'",
    });
    const unclosed = parseForm({ ...user, mfaProcess: 'ykman "oath' }, 'edit');
    expect(!unclosed.ok && unclosed.errors).toEqual({ mfaProcess: 'has an unclosed " quote' });
    const tooLong = parseForm({ ...user, mfaProcess: `x${' y'.repeat(600)}` }, 'edit');
    expect(!tooLong.ok && tooLong.errors.mfaProcess).toBe('must be at most 1024 characters');

    const role = {
      ...emptyForm('iam-role'),
      name: 'admin',
      profile: 'admin',
      parentId: 'p1',
      roleArn: 'arn:aws:iam::123456789012:role/Admin',
    };
    const withoutDevice = parseForm({ ...role, mfaProcess: 'ykman oath accounts code' }, 'add');
    expect(!withoutDevice.ok && withoutDevice.errors).toEqual({
      mfaProcess: 'needs an MFA device ARN: its code answers that device',
    });
    const roleFine = parseForm(
      { ...role, mfaSerial: serial, mfaProcess: 'ykman oath accounts code' },
      'add',
    );
    expect(roleFine.ok && roleFine.config).toMatchObject({
      mfaProcess: 'ykman oath accounts code',
    });
  });

  it('fills the MFA command back when editing, and an emptied field clears it', () => {
    const view: SessionView = {
      id: 'dev',
      kind: 'iam-user',
      name: 'dev',
      profile: 'dev',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/dev',
      mfaProcess: 'ykman oath accounts code --single dev',
      state: { status: 'inactive' },
      profiles: [],
    };
    const form = formFromSession(view);
    expect(form.mfaProcess).toBe(view.mfaProcess);
    const cleared = parseForm({ ...form, mfaProcess: '  ' }, 'edit', view);
    expect(cleared.ok && cleared.config).toEqual({
      kind: 'iam-user',
      name: 'dev',
      profile: 'dev',
      mfaSerial: view.mfaSerial,
    });
  });
});
