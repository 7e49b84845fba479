import { describe, expect, it } from 'vitest';
import type { IntegrationView } from '../../../shared/identity-center';
import {
  checkEdit,
  checkNew,
  draftEndsSignIn,
  draftOf,
  emptyDraft,
} from './integration-form-model';

const corp: IntegrationView = {
  name: 'corp',
  startUrl: 'https://corp.awsapps.com/start',
  region: 'eu-west-1',
  scopes: ['sso:account:access'],
  syncTemplates: { name: 'corp-{accountName}-{roleName}' },
  loginState: 'logged-in',
  sessions: 3,
};

describe('integration form model', () => {
  it('adds with the default scope and no templates when those fields are left as they are', () => {
    const checked = checkNew(
      { ...emptyDraft(), name: ' corp ', startUrl: corp.startUrl, region: 'eu-west-1' },
      [],
    );
    expect(checked).toEqual({
      ok: true,
      value: {
        name: 'corp',
        startUrl: corp.startUrl,
        region: 'eu-west-1',
        scopes: ['sso:account:access'],
      },
    });
  });

  it('names each bad field, templates included, and refuses a name already taken', () => {
    const checked = checkNew(
      {
        name: 'corp',
        startUrl: 'http://example.com/start',
        region: 'europe',
        scopes: '',
        sessionTemplate: '{account}-{roleName}',
        profileTemplate: '{nope}',
      },
      ['corp'],
    );
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(Object.keys(checked.errors).sort()).toEqual(
      ['name', 'profileTemplate', 'region', 'scopes', 'sessionTemplate', 'startUrl'].sort(),
    );
    expect(checked.errors.name).toBe('is already an integration');
    expect(checked.errors.startUrl).toMatch(/https URL/);
    expect(checked.errors.sessionTemplate).toMatch(/\{accountName\}/);
  });

  it('prefills an edit from the view and sends every field but the name, templates cleared when emptied', () => {
    const draft = draftOf(corp);
    expect(draft).toEqual({
      name: 'corp',
      startUrl: corp.startUrl,
      region: 'eu-west-1',
      scopes: 'sso:account:access',
      sessionTemplate: 'corp-{accountName}-{roleName}',
      profileTemplate: '',
    });
    expect(checkEdit({ ...draft, scopes: 'sso:account:access, openid' })).toEqual({
      ok: true,
      value: {
        startUrl: corp.startUrl,
        region: 'eu-west-1',
        scopes: ['sso:account:access', 'openid'],
        syncTemplates: { name: 'corp-{accountName}-{roleName}' },
      },
    });
    const cleared = checkEdit({ ...draft, sessionTemplate: '  ' });
    expect(cleared.ok && cleared.value.syncTemplates).toEqual({});
    expect(checkEdit({ ...draft, region: 'nowhere' })).toMatchObject({
      ok: false,
      errors: { region: expect.any(String) },
    });
  });

  it('says a new start URL or region ends the sign-in, and new scopes or templates do not', () => {
    const draft = draftOf(corp);
    expect(draftEndsSignIn(corp, draft)).toBe(false);
    expect(draftEndsSignIn(corp, { ...draft, scopes: 'openid', sessionTemplate: '' })).toBe(false);
    expect(draftEndsSignIn(corp, { ...draft, region: 'us-east-1' })).toBe(true);
    expect(draftEndsSignIn(corp, { ...draft, startUrl: 'https://other.awsapps.com/start' })).toBe(
      true,
    );
    expect(draftEndsSignIn(corp, { ...draft, region: ' eu-west-1 ' })).toBe(false);
  });
});
