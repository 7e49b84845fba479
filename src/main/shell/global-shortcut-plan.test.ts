import { describe, expect, it } from 'vitest';
import { planShortcut, shortcutTakenMessage } from './global-shortcut-plan';

describe('planShortcut', () => {
  it('is off by default: nothing registered, nothing to do', () => {
    expect(planShortcut(undefined, null)).toEqual({});
  });

  it('registers a new shortcut, swaps a changed one, and unregisters when turned off', () => {
    expect(planShortcut(undefined, 'CommandOrControl+Shift+K')).toEqual({
      register: 'CommandOrControl+Shift+K',
    });
    expect(planShortcut('CommandOrControl+Shift+K', 'Alt+Space')).toEqual({
      unregister: 'CommandOrControl+Shift+K',
      register: 'Alt+Space',
    });
    expect(planShortcut('Alt+Space', null)).toEqual({ unregister: 'Alt+Space' });
    expect(planShortcut('Alt+Space', 'Alt+Space')).toEqual({});
  });

  it('names the shortcut and what to do when another app holds it', () => {
    expect(shortcutTakenMessage('Alt+Space')).toMatch(/Alt\+Space is already used.*Settings/);
  });
});
