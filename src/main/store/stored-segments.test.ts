import { describe, expect, it } from 'vitest';
import { readStoredSegments } from './stored-segments';

describe('readStoredSegments', () => {
  it('reads none from a store without segments or with junk there', () => {
    expect(readStoredSegments(undefined)).toEqual([]);
    expect(readStoredSegments({ a: 1 })).toEqual([]);
    expect(readStoredSegments('x')).toEqual([]);
  });

  it('keeps valid entries in order, defaults the grouping, drops invalid ones and later duplicates', () => {
    expect(
      readStoredSegments([
        { name: 'Prod', filter: { text: 'prod' }, grouping: 'account' },
        { name: 'Bad kind', filter: { kind: 'root' } },
        'junk',
        { name: 'prod', filter: {} },
        { name: 'Live', filter: { status: 'active' } },
        { name: 'Extra', filter: { secret: 'x' } },
      ]),
    ).toEqual([
      { name: 'Prod', filter: { text: 'prod' }, grouping: 'account' },
      { name: 'Live', filter: { status: 'active' }, grouping: 'none' },
    ]);
  });
});
