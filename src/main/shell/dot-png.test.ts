import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SESSION_COLORS } from '../../shared/sessions';
import { DOT_COLORS, dotPng } from './dot-png';

/** A minimal PNG reader for the test: checks each chunk's CRC, returns size and RGBA rows. */
function decode(png: Buffer): {
  width: number;
  height: number;
  pixel(x: number, y: number): number[];
} {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    types.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (1 + width * 4));
  return {
    width,
    height,
    pixel: (x, y) => {
      const o = y * (1 + width * 4) + 1 + x * 4;
      return [...raw.subarray(o, o + 4)];
    },
  };
}

describe('dot-png', () => {
  it('is a 16×16 RGBA PNG: the colour at the centre, transparent in the corners', () => {
    const img = decode(dotPng('#d92d20'));
    expect([img.width, img.height]).toEqual([16, 16]);
    expect(img.pixel(8, 8)).toEqual([0xd9, 0x2d, 0x20, 255]);
    expect(img.pixel(7, 7)).toEqual([0xd9, 0x2d, 0x20, 255]);
    for (const [x, y] of [
      [0, 0],
      [15, 0],
      [0, 15],
      [15, 15],
      [0, 8],
    ] as const) {
      expect(img.pixel(x, y)[3]).toBe(0);
    }
  });

  it('has a light and a dark colour for every session colour, each a valid dot', () => {
    expect(Object.keys(DOT_COLORS).sort()).toEqual([...SESSION_COLORS].sort());
    for (const { light, dark } of Object.values(DOT_COLORS)) {
      for (const hex of [light, dark]) {
        const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
        expect(decode(dotPng(hex, 32)).pixel(16, 16)).toEqual([r, g, b, 255]);
      }
    }
  });

  it('refuses what is not #rrggbb', () => {
    expect(() => dotPng('red')).toThrow(/#rrggbb/);
  });
});
