import { describe, expect, it } from 'vitest';
import { checkSegmentName, describeFilter } from './segment-form';
import { filterOptions } from './filter-options';
import type { SegmentView } from '../../../shared/segment-fields';
import { roleView, ssoView, userView } from './session-fixtures';
import { segmentNameSchema } from '../../../shared/segments';

const saved: SegmentView[] = [{ name: 'Prod roles', filter: { tag: 'prod' }, grouping: 'none' }];

describe('checkSegmentName', () => {
  it('requires a name, limits it, and refuses one taken in any case', () => {
    expect(checkSegmentName('  ', saved)).toBe('is required');
    expect(checkSegmentName('x'.repeat(65), saved)).toBe('must be at most 64 characters');
    expect(checkSegmentName('a\tb', saved)).toBe('may not contain a control character');
    expect(checkSegmentName(' prod ROLES ', saved)).toMatch(
      /taken by the saved filter “Prod roles”/,
    );
    expect(checkSegmentName('Dev', saved)).toBeUndefined();
  });

  it('lets a rename keep its own name or change only its case', () => {
    expect(checkSegmentName('PROD roles', saved, 'Prod roles')).toBeUndefined();
  });

  it('agrees with the schema main checks with', () => {
    for (const name of [
      '',
      ' ',
      'ok',
      ' padded ',
      'x'.repeat(64),
      'x'.repeat(65),
      'a\u0007b',
      'émoji ✓',
    ]) {
      expect(checkSegmentName(name, []) === undefined, JSON.stringify(name)).toBe(
        segmentNameSchema.safeParse(name).success,
      );
    }
  });
});

describe('describeFilter', () => {
  it('names each field in order, and the grouping', () => {
    expect(
      describeFilter(
        {
          kind: 'iam-role',
          status: 'active',
          region: 'eu-west-1',
          integration: 'corp',
          tag: 'prod',
          text: ' x ',
        },
        'account',
      ),
    ).toBe(
      'IAM role (chained) · Active · eu-west-1 · integration corp · tag prod · “x” · by Account',
    );
    expect(describeFilter({})).toBe('All sessions');
    expect(describeFilter({ text: ' ' }, 'tag')).toBe('All sessions · by Tag');
  });
});

describe('filterOptions', () => {
  it('offers the regions, integrations and tags the sessions have, sorted, and the current ones', () => {
    const list = [
      userView('u', { region: 'us-east-2', tags: ['b', 'A'] }),
      roleView('r', '111122223333', { region: 'eu-west-1', tags: ['b'] }),
      ssoView('s', 'lab', 'Sandbox', '444455556666'),
      ssoView('t', 'Corp', 'Prod', '777788889999'),
    ];
    expect(filterOptions(list, {})).toEqual({
      regions: ['eu-west-1', 'us-east-2'],
      integrations: ['Corp', 'lab'],
      tags: ['A', 'b'],
    });
    expect(filterOptions(list, { tag: 'gone', region: 'ap-south-1' })).toMatchObject({
      regions: ['ap-south-1', 'eu-west-1', 'us-east-2'],
      tags: ['A', 'b', 'gone'],
    });
  });
});
