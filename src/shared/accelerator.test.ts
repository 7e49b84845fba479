import { describe, expect, it } from 'vitest';
import { checkAccelerator } from './accelerator';

describe('checkAccelerator', () => {
  it('accepts Electron accelerators and spells them one way', () => {
    expect(checkAccelerator('CommandOrControl+Shift+K')).toEqual({
      ok: true,
      accelerator: 'CommandOrControl+Shift+K',
    });
    expect(checkAccelerator('cmdorctrl + alt + space')).toEqual({
      ok: true,
      accelerator: 'CommandOrControl+Alt+Space',
    });
    expect(checkAccelerator('Ctrl+Meta+Enter')).toEqual({
      ok: true,
      accelerator: 'Control+Super+Return',
    });
    expect(checkAccelerator('Alt+Plus')).toEqual({ ok: true, accelerator: 'Alt+Plus' });
    expect(checkAccelerator('Control+/')).toEqual({ ok: true, accelerator: 'Control+/' });
    expect(checkAccelerator('F13')).toEqual({ ok: true, accelerator: 'F13' });
    expect(checkAccelerator('shift+f5')).toEqual({ ok: true, accelerator: 'Shift+F5' });
    expect(checkAccelerator('Super+num5')).toEqual({ ok: true, accelerator: 'Super+num5' });
  });

  it('refuses what Electron would not register or what would steal typing, saying why', () => {
    const reason = (text: string) => {
      const checked = checkAccelerator(text);
      return checked.ok ? undefined : checked.reason;
    };
    expect(reason('')).toMatch(/1-100 characters/);
    expect(reason('K')).toMatch(/modifier besides Shift/);
    expect(reason('Shift+K')).toMatch(/modifier besides Shift/);
    expect(reason('Control+')).toMatch(/empty part/);
    expect(reason('Control++')).toMatch(/empty part/);
    expect(reason('Control+Shift')).toMatch(/not a key/);
    expect(reason('Control+K+L')).toMatch(/two keys/);
    expect(reason('Hyper+K')).toMatch(/not a modifier/);
    expect(reason('Control+Ctrl+K')).toMatch(/repeats Control/);
    expect(reason('Control+F25')).toMatch(/not a key/);
    expect(reason('Control+Ü')).toMatch(/not a key/);
    expect(reason(`Control+${'K'.repeat(120)}`)).toMatch(/1-100/);
  });
});
