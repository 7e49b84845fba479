// Pure: a session colour's tray-menu mark, a small filled circle as PNG bytes (RGBA, no dependency
// beyond zlib's deflate), for electron/tray.ts to turn into a NativeImage.
import { deflateSync } from 'node:zlib';
import type { SessionColor } from '../../shared/sessions';

/** The renderer's --mark-* colours (styles.css), per theme of the menu. */
export const DOT_COLORS: Record<SessionColor, { light: string; dark: string }> = {
  red: { light: '#d92d20', dark: '#ff6b5e' },
  orange: { light: '#e26a0c', dark: '#ff9f43' },
  yellow: { light: '#b88a00', dark: '#f5cd47' },
  green: { light: '#15803d', dark: '#4ade80' },
  teal: { light: '#0f8a86', dark: '#2dd4bf' },
  blue: { light: '#2563eb', dark: '#6aa1ff' },
  purple: { light: '#7c3aed', dark: '#b794f6' },
  pink: { light: '#db2777', dark: '#f472b6' },
  grey: { light: '#6b7280', dark: '#9ca3af' },
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** `#rrggbb` → a size×size PNG: the colour inside a centred circle, transparent outside. */
export function dotPng(hex: string, size = 16): Buffer {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h ?? '0', 16));
  const radius = size * 0.3;
  const centre = (size - 1) / 2;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0 (none), then RGBA
    for (let x = 0; x < size; x++) {
      const inside = Math.hypot(x - centre, y - centre) <= radius;
      row.set(inside ? [r ?? 0, g ?? 0, b ?? 0, 255] : [0, 0, 0, 0], 1 + x * 4);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
