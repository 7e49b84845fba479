// Electron accelerator strings ("CommandOrControl+Shift+K") for the quick switcher's global
// shortcut: parsed, checked and given one canonical spelling. Pure data, no electron import.

/** Modifier aliases → the name Electron documents. */
const MODIFIERS: Record<string, string> = {
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  alt: 'Alt',
  option: 'Option',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super',
};

const NAMED_KEYS = [
  'Plus',
  'Space',
  'Tab',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'PrintScreen',
  'num0',
  'num1',
  'num2',
  'num3',
  'num4',
  'num5',
  'num6',
  'num7',
  'num8',
  'num9',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
];
const KEY_ALIASES: Record<string, string> = { enter: 'Return', esc: 'Escape' };
const NAMED: ReadonlyMap<string, string> = new Map(NAMED_KEYS.map((k) => [k.toLowerCase(), k]));
const PUNCTUATION = new Set(')!@#$%^&*(:;=<,_->.?/~`{][|\\}"\''.split(''));

/** Keys that may stand alone, since nobody types them into a text field. */
const LONE_KEY = /^(F([1-9]|1\d|2[0-4])|Media\w+|Volume\w+|PrintScreen)$/;

export type AcceleratorCheck = { ok: true; accelerator: string } | { ok: false; reason: string };

function keyName(token: string): string | undefined {
  const lower = token.toLowerCase();
  if (/^[a-z0-9]$/.test(lower)) return lower.toUpperCase();
  if (/^f([1-9]|1\d|2[0-4])$/.test(lower)) return lower.toUpperCase();
  if (PUNCTUATION.has(token)) return token;
  return NAMED.get(lower) ?? KEY_ALIASES[lower];
}

/**
 * A global shortcut: modifiers, then exactly one key, joined by "+" (the "+" key is "Plus").
 * It needs a modifier besides Shift, except for F1-F24 and media keys, so it never steals a key
 * people type everywhere else.
 */
export function checkAccelerator(text: string): AcceleratorCheck {
  if (text.length === 0 || text.length > 100) {
    return { ok: false, reason: 'must be 1-100 characters, e.g. CommandOrControl+Shift+K' };
  }
  const tokens = text.split('+').map((t) => t.trim());
  if (tokens.some((t) => t === '')) {
    return { ok: false, reason: 'has an empty part: write the + key as Plus' };
  }
  const last = tokens[tokens.length - 1]!;
  const key = keyName(last);
  if (!key) return { ok: false, reason: `ends with "${last}", which is not a key Electron knows` };
  const modifiers: string[] = [];
  for (const token of tokens.slice(0, -1)) {
    const modifier = MODIFIERS[token.toLowerCase()];
    if (!modifier) {
      return {
        ok: false,
        reason: keyName(token)
          ? `has two keys ("${token}" and "${last}"); one key after the modifiers`
          : `has "${token}", which is not a modifier (Command, Control, CommandOrControl, Alt, Option, AltGr, Shift, Super)`,
      };
    }
    if (modifiers.includes(modifier)) return { ok: false, reason: `repeats ${modifier}` };
    modifiers.push(modifier);
  }
  if (!LONE_KEY.test(key) && !modifiers.some((m) => m !== 'Shift')) {
    return {
      ok: false,
      reason: 'needs a modifier besides Shift (e.g. CommandOrControl+Shift+K), or an F-key alone',
    };
  }
  return { ok: true, accelerator: [...modifiers, key].join('+') };
}
