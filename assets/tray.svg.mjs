// The tray glyph as SVG text, by state and colour; assets/generate-icons.mjs renders it to PNGs.

/**
 * A padlock; when active it is closed and carries a dot, when idle the shackle stands open. When
 * failing (a session failed) it is closed and carries a warning triangle instead of the dot.
 */
export function trayGlyph({ active, color, dot, failing = false }) {
  const shackle = active
    ? '<path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke-width="1.6" stroke="COLOR"/>'
    : '<path d="M5 7V4.5a3 3 0 0 1 5.8-1.1" fill="none" stroke-width="1.6" stroke="COLOR"/>';
  const body = active
    ? '<rect x="3" y="7" width="10" height="7.5" rx="1.5" fill="COLOR"/>'
    : '<rect x="3.8" y="7.8" width="8.4" height="5.9" rx="1.2" fill="none" stroke-width="1.6" stroke="COLOR"/>';
  const badge = failing
    ? `<path d="M12.5 0.4L15.9 6.6H9.1Z" fill="${dot}"/>`
    : active && dot
      ? `<circle cx="12.5" cy="3.5" r="2.6" fill="${dot}"/>`
      : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">${(shackle + body).replaceAll('COLOR', color)}${badge}</svg>`;
}
