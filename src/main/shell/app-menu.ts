// The application menu as data: what a tray app needs (about, hide, quit, edit shortcuts,
// window), and nothing that opens DevTools or reloads the page (issue 11, Low 3). The shell
// builds it with Menu.buildFromTemplate; no electron import here.

/** The roles the menu may use: none of them opens DevTools, reloads or zooms. */
export const APP_MENU_ROLES = [
  'about',
  'hide',
  'hideOthers',
  'unhide',
  'quit',
  'undo',
  'redo',
  'cut',
  'copy',
  'paste',
  'selectAll',
  'minimize',
  'close',
  'front',
] as const;
export type AppMenuRole = (typeof APP_MENU_ROLES)[number];

export type AppMenuItem =
  { role: AppMenuRole } | { type: 'separator' } | { label: string; submenu: AppMenuItem[] };

const separator: AppMenuItem = { type: 'separator' };

const editMenu: AppMenuItem = {
  label: 'Edit',
  submenu: [
    { role: 'undo' },
    { role: 'redo' },
    separator,
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    { role: 'selectAll' },
  ],
};

/** macOS shows the app menu and needs Edit for copy/paste shortcuts; elsewhere the bar is hidden. */
export function appMenuTemplate(platform: string, appName: string): AppMenuItem[] {
  if (platform === 'darwin') {
    return [
      {
        label: appName,
        submenu: [
          { role: 'about' },
          separator,
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          separator,
          { role: 'quit' },
        ],
      },
      editMenu,
      { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }, { role: 'front' }] },
    ];
  }
  return [
    { label: 'File', submenu: [{ role: 'quit' }] },
    editMenu,
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
  ];
}
