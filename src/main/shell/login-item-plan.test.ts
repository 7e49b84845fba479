import { describe, expect, it } from 'vitest';
import { loginItemNeedsUpdate, planLoginItem, startsHidden } from './login-item-plan';

describe('planLoginItem', () => {
  it('macOS: openAtLogin only (the startHidden setting hides the window itself)', () => {
    expect(planLoginItem('darwin', { launchAtLogin: true, startHidden: true })).toEqual({
      supported: true,
      settings: { openAtLogin: true },
    });
    expect(planLoginItem('darwin', { launchAtLogin: false, startHidden: false })).toEqual({
      supported: true,
      settings: { openAtLogin: false },
    });
  });

  it('Windows: openAtLogin, with --hidden in args when the window starts hidden', () => {
    expect(planLoginItem('win32', { launchAtLogin: true, startHidden: true })).toEqual({
      supported: true,
      settings: { openAtLogin: true, args: ['--hidden'] },
    });
    expect(planLoginItem('win32', { launchAtLogin: true, startHidden: false })).toEqual({
      supported: true,
      settings: { openAtLogin: true, args: [] },
    });
  });

  it('Linux: unsupported, saying so and what to do instead', () => {
    const plan = planLoginItem('linux', { launchAtLogin: true, startHidden: true });
    expect(plan.supported).toBe(false);
    if (plan.supported) return;
    expect(plan.reason).toMatch(/^unsupported on linux/);
    expect(plan.reason).toContain('autostart');
    expect(plan.reason).toContain('--hidden');
  });
});

describe('loginItemNeedsUpdate', () => {
  it('sets it when wanted or to remove it, not when never on, never where unsupported', () => {
    const on = planLoginItem('darwin', { launchAtLogin: true, startHidden: false });
    const off = planLoginItem('darwin', { launchAtLogin: false, startHidden: false });
    expect(loginItemNeedsUpdate(false, on)).toBe(true);
    expect(loginItemNeedsUpdate(true, on)).toBe(true);
    expect(loginItemNeedsUpdate(true, off)).toBe(true);
    expect(loginItemNeedsUpdate(false, off)).toBe(false);
    const linux = planLoginItem('linux', { launchAtLogin: true, startHidden: false });
    expect(loginItemNeedsUpdate(false, linux)).toBe(false);
  });
});

describe('startsHidden', () => {
  it('is hidden by the setting or by --hidden; shown otherwise', () => {
    expect(startsHidden({ argv: ['airlock'], startHidden: false })).toBe(false);
    expect(startsHidden({ argv: ['airlock'], startHidden: true })).toBe(true);
    expect(startsHidden({ argv: ['airlock', '--hidden'], startHidden: false })).toBe(true);
  });
});
