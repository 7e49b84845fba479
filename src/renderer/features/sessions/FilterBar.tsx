// The filter fields beside the search (kind, status, region, integration, tag) and "Group by".
import { useId } from 'react';
import type { SessionKind, SessionStatus } from '../../../shared/sessions';
import {
  FILTER_STATUSES,
  GROUPING_LABELS,
  SESSION_GROUPINGS,
  type FilterField,
  type SessionFilter,
  type SessionGrouping,
} from '../../../shared/segment-fields';
import { STATUS_LABELS } from '../../components/StatusBadge';
import { KIND_LABELS } from './kind-labels';
import type { FilterOptions } from './filter-options';

interface FilterBarProps {
  filter: SessionFilter;
  grouping: SessionGrouping;
  options: FilterOptions;
  onFilter: (filter: SessionFilter) => void;
  onGrouping: (grouping: SessionGrouping) => void;
}

interface Choice {
  value: string;
  label: string;
}

export function FilterBar({ filter, grouping, options, onFilter, onGrouping }: FilterBarProps) {
  const id = useId();
  const plain = (values: string[]): Choice[] => values.map((value) => ({ value, label: value }));
  const fields: { field: FilterField; label: string; choices: Choice[] }[] = [
    {
      field: 'kind',
      label: 'Kind',
      choices: (Object.keys(KIND_LABELS) as SessionKind[]).map((value) => ({
        value,
        label: KIND_LABELS[value],
      })),
    },
    {
      field: 'status',
      label: 'Status',
      choices: FILTER_STATUSES.map((value: SessionStatus) => ({
        value,
        label: value === 'pending' ? 'Starting' : STATUS_LABELS[value],
      })),
    },
    { field: 'region', label: 'Region', choices: plain(options.regions) },
    { field: 'integration', label: 'Integration', choices: plain(options.integrations) },
    { field: 'tag', label: 'Tag', choices: plain(options.tags) },
  ];
  const set = (field: FilterField, value: string): void => {
    const next: SessionFilter = { ...filter };
    if (value) Object.assign(next, { [field]: value });
    else delete next[field];
    onFilter(next);
  };
  return (
    <div className="filter-bar" role="group" aria-label="Filter and group sessions">
      {fields.map(({ field, label, choices }) => (
        <div className="filter-field" key={field}>
          <label htmlFor={`${id}-${field}`}>{label}</label>
          <select
            id={`${id}-${field}`}
            value={filter[field] ?? ''}
            disabled={choices.length === 0}
            onChange={(event) => set(field, event.target.value)}
            data-testid={`filter-${field}`}
          >
            <option value="">Any</option>
            {choices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      <div className="filter-field">
        <label htmlFor={`${id}-group`}>Group by</label>
        <select
          id={`${id}-group`}
          value={grouping}
          onChange={(event) => onGrouping(event.target.value as SessionGrouping)}
          data-testid="group-by"
        >
          {SESSION_GROUPINGS.map((value) => (
            <option key={value} value={value}>
              {GROUPING_LABELS[value]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
