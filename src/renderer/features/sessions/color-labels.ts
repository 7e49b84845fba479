// Human names of the session colours (zod-free: the list imports it).
import type { SessionColor } from '../../../shared/sessions';

export const COLOR_LABELS: Record<SessionColor, string> = {
  red: 'Red',
  orange: 'Orange',
  yellow: 'Yellow',
  green: 'Green',
  teal: 'Teal',
  blue: 'Blue',
  purple: 'Purple',
  pink: 'Pink',
  grey: 'Grey',
};
