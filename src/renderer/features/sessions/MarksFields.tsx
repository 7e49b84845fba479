// The form's marks: pin, colour and tags (no secret; stored beside the session's config).
import { SESSION_COLORS, type SessionColor } from '../../../shared/sessions';
import { COLOR_LABELS } from './color-labels';
import type { MarksValues } from './marks-form';

interface MarksFieldsProps {
  idPrefix: string;
  values: MarksValues;
  tagsError: string | undefined;
  onChange: (values: MarksValues) => void;
}

export function MarksFields({ idPrefix, values, tagsError, onChange }: MarksFieldsProps) {
  const tagsId = `${idPrefix}-tags`;
  return (
    <fieldset className="marks-fields">
      <legend>Marks</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={values.pinned}
          onChange={(event) => onChange({ ...values, pinned: event.target.checked })}
        />
        Pinned (listed first)
      </label>
      <div className="field">
        <label htmlFor={`${idPrefix}-color`}>Colour</label>
        <select
          id={`${idPrefix}-color`}
          value={values.color}
          onChange={(event) =>
            onChange({ ...values, color: event.target.value as SessionColor | '' })
          }
        >
          <option value="">None</option>
          {SESSION_COLORS.map((color) => (
            <option key={color} value={color}>
              {COLOR_LABELS[color]}
            </option>
          ))}
        </select>
      </div>
      <div className={tagsError ? 'field field-invalid' : 'field'}>
        <label htmlFor={tagsId}>Tags</label>
        <input
          id={tagsId}
          type="text"
          value={values.tags}
          spellCheck={false}
          aria-invalid={tagsError ? true : undefined}
          aria-describedby={tagsError ? `${tagsId}-error ${tagsId}-hint` : `${tagsId}-hint`}
          onChange={(event) => onChange({ ...values, tags: event.target.value })}
        />
        {tagsError ? (
          <p className="field-error" id={`${tagsId}-error`}>
            {tagsError}
          </p>
        ) : null}
        <p className="field-hint" id={`${tagsId}-hint`}>
          Optional, separated by commas, e.g. prod, team a. The search finds them.
        </p>
      </div>
    </fieldset>
  );
}
