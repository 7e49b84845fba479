// Putting the rendered first screen into index.html: where the document is cut for streaming,
// where the markup goes, what the data block holds.
import { describe, expect, it } from 'vitest';
import { firstScreenJson, parseFirstScreen } from '../../shared/first-screen';
import { AppDocumentError, firstScreenRoot, splitAppDocument } from './app-document';

const INDEX =
  '<!doctype html><html><head><title>Airlock</title></head><body><div id="root"></div><script type="module" src="./a.js"></script></body></html>';
const INPUT = { sessions: [], now: 1, viewport: { width: 2, height: 3 } };

describe('splitAppDocument and firstScreenRoot', () => {
  it('cuts index.html at its empty #root: the head goes first, the data block and the markup replace #root', () => {
    const { head, rest } = splitAppDocument(INDEX);
    expect(head).toBe('<!doctype html><html><head><title>Airlock</title></head><body>');
    expect(rest).toBe('<script type="module" src="./a.js"></script></body></html>');
    const root = firstScreenRoot('<p>rows $& $1</p>', INPUT);
    // Replacement patterns in the markup ($&, $1) stay literal text.
    expect(root).toBe(
      '<script type="application/json" id="airlock-first-screen">{"now":1,"viewport":{"width":2,"height":3}}</script><div id="root"><p>rows $& $1</p></div>',
    );
  });

  it('says to rebuild when index.html has no empty #root to render into', () => {
    expect(() => splitAppDocument(INDEX.replace('<div id="root"></div>', ''))).toThrow(
      AppDocumentError,
    );
  });
});

describe('the first screen data', () => {
  it('cannot close its element and carries nothing but now and the viewport', () => {
    const json = firstScreenJson({
      now: 5,
      viewport: { width: 1, height: 2, extra: '</script>' } as never,
    });
    expect(json).toBe('{"now":5,"viewport":{"width":1,"height":2}}');
    expect(firstScreenJson({ now: 5, viewport: { width: 1, height: 2 } })).not.toContain('<');
  });

  it('parses what it wrote and refuses anything malformed', () => {
    expect(parseFirstScreen('{"now":5,"viewport":{"width":1,"height":2}}')).toEqual({
      now: 5,
      viewport: { width: 1, height: 2 },
    });
    for (const bad of [
      null,
      '',
      '{',
      '[]',
      '{"now":"5","viewport":{"width":1,"height":2}}',
      '{"now":5}',
    ]) {
      expect(parseFirstScreen(bad)).toBeUndefined();
    }
  });
});
