// Pure: the values the filter bar offers, from the sessions there are (one pass), plus the
// current filter's own values so an applied saved filter always shows what it asks for.
import type { SessionView } from '../../../shared/sessions';
import type { SessionFilter } from '../../../shared/segment-fields';
import { integrationOf } from './session-filter';

export interface FilterOptions {
  regions: string[];
  integrations: string[];
  tags: string[];
}

const byText = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());

export function filterOptions(
  sessions: readonly SessionView[],
  current: SessionFilter,
): FilterOptions {
  const regions = new Set<string>();
  const integrations = new Set<string>();
  const tags = new Set<string>();
  for (const view of sessions) {
    if (view.region) regions.add(view.region);
    const integration = integrationOf(view);
    if (integration) integrations.add(integration);
    for (const tag of view.marks?.tags ?? []) tags.add(tag);
  }
  if (current.region) regions.add(current.region);
  if (current.integration) integrations.add(current.integration);
  if (current.tag) tags.add(current.tag);
  return {
    regions: [...regions].sort(),
    integrations: [...integrations].sort(byText),
    tags: [...tags].sort(byText),
  };
}
