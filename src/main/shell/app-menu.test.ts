// The application menu offers no way into DevTools or a reload, on any platform.
import { describe, expect, it } from 'vitest';
import { APP_MENU_ROLES, appMenuTemplate, type AppMenuItem } from './app-menu';

function roles(items: AppMenuItem[]): string[] {
  return items.flatMap((item) =>
    'role' in item ? [item.role] : 'submenu' in item ? roles(item.submenu) : [],
  );
}

describe('appMenuTemplate', () => {
  it.each(['darwin', 'linux', 'win32'])(
    'on %s uses only allowed roles: no toggleDevTools, reload or default View menu',
    (platform) => {
      const used = roles(appMenuTemplate(platform, 'Airlock'));
      expect(used.length).toBeGreaterThan(0);
      for (const role of used) expect(APP_MENU_ROLES as readonly string[]).toContain(role);
      for (const forbidden of [
        'toggleDevTools',
        'reload',
        'forceReload',
        'viewMenu',
        'appMenu',
        'windowMenu',
        'fileMenu',
      ]) {
        expect(used).not.toContain(forbidden);
      }
      expect(JSON.stringify(appMenuTemplate(platform, 'Airlock'))).not.toMatch(/devtools/i);
    },
  );

  it('keeps quit and the edit shortcuts', () => {
    for (const platform of ['darwin', 'linux']) {
      const used = roles(appMenuTemplate(platform, 'Airlock'));
      expect(used).toEqual(expect.arrayContaining(['quit', 'copy', 'paste', 'selectAll']));
    }
  });
});
