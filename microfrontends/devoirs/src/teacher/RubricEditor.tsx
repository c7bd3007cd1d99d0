import { Button, Checkbox, TextField } from '@ent/ui-kit';
import { useEffect, useRef, useState } from 'react';
import {
  addCriterion,
  addLevel,
  frenchNumber,
  maxScore,
  removeCriterion,
  removeLevel,
  type RubricDraft,
  updateCriterion,
  updateLevel,
} from '../logic/rubric.js';
import { text } from '../text.js';

export const defaultLevelLabels = (): [string, string, string] => [text('rubric.defaultLevel1'), text('rubric.defaultLevel2'), text('rubric.defaultLevel3')];

/**
 * The rubric editor: criteria × levels, all by keyboard. Adding a criterion or a level moves the focus
 * to its first field and says so in a live region; removing one moves it to the button that adds.
 * Field ids are `${prefix}-${key}-label` / `-points`, which the form's error summary links to.
 */
export function RubricEditor({
  prefix,
  draft,
  onChange,
  errorOf,
}: {
  prefix: string;
  draft: RubricDraft;
  onChange: (next: RubricDraft) => void;
  errorOf: (fieldId: string) => string | undefined;
}) {
  const [focusId, setFocusId] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const root = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (!focusId) return;
    root.current?.querySelector<HTMLElement>(`#${CSS.escape(focusId)}`)?.focus();
    setFocusId(null);
  }, [focusId]);

  return (
    <fieldset className="devoirs-rubric" ref={root}>
      <legend>{text('rubric.legend')}</legend>
      <TextField
        id={`${prefix}-title`}
        label={text('rubric.title')}
        value={draft.title}
        required
        error={errorOf(`${prefix}-title`)}
        onChange={(event) => onChange({ ...draft, title: event.target.value })}
      />
      <Checkbox label={text('rubric.shared')} checked={draft.shared} onChange={(event) => onChange({ ...draft, shared: event.target.checked })} />
      <ol className="devoirs-rubric__criteria">
        {draft.criteria.map((criterion, index) => {
          const n = index + 1;
          return (
            <li key={criterion.key} className="devoirs-rubric__criterion">
              <fieldset>
                <legend>{text('rubric.criterion', { n })}</legend>
                <TextField
                  id={`${prefix}-${criterion.key}-label`}
                  label={text('rubric.criterionLabel', { n })}
                  value={criterion.label}
                  required
                  error={errorOf(`${prefix}-${criterion.key}-label`)}
                  onChange={(event) => onChange(updateCriterion(draft, criterion.key, event.target.value))}
                />
                <ol className="devoirs-rubric__levels">
                  {criterion.levels.map((level, levelIndex) => (
                    <li key={level.key}>
                      <fieldset className="devoirs-rubric__level">
                        <legend>{text('rubric.level', { n: levelIndex + 1, criterion: n })}</legend>
                        <TextField
                          id={`${prefix}-${level.key}-label`}
                          label={text('rubric.levelLabel')}
                          value={level.label}
                          required
                          error={errorOf(`${prefix}-${level.key}-label`)}
                          onChange={(event) => onChange(updateLevel(draft, criterion.key, level.key, { label: event.target.value }))}
                        />
                        <TextField
                          id={`${prefix}-${level.key}-points`}
                          label={text('rubric.levelPoints')}
                          inputMode="decimal"
                          className="devoirs-rubric__points"
                          value={level.points}
                          required
                          error={errorOf(`${prefix}-${level.key}-points`)}
                          onChange={(event) => onChange(updateLevel(draft, criterion.key, level.key, { points: event.target.value }))}
                        />
                        <TextField
                          id={`${prefix}-${level.key}-descriptor`}
                          label={text('rubric.levelDescriptor')}
                          value={level.descriptor}
                          onChange={(event) => onChange(updateLevel(draft, criterion.key, level.key, { descriptor: event.target.value }))}
                        />
                        <Button
                          variant="quiet"
                          size="small"
                          onClick={() => {
                            onChange(removeLevel(draft, criterion.key, level.key));
                            setFocusId(`${prefix}-${criterion.key}-add`);
                          }}
                        >
                          {text('rubric.removeLevel', { level: levelIndex + 1, n })}
                        </Button>
                      </fieldset>
                    </li>
                  ))}
                </ol>
                <div className="ent-cluster ent-cluster--small">
                  <Button
                    id={`${prefix}-${criterion.key}-add`}
                    variant="secondary"
                    size="small"
                    onClick={() => {
                      const next = addLevel(draft, criterion.key);
                      const added = next.criteria[index]?.levels.at(-1);
                      onChange(next);
                      if (added) setFocusId(`${prefix}-${added.key}-label`);
                      setAnnounce(text('rubric.levelAdded', { n }));
                    }}
                  >
                    {text('rubric.addLevel', { n })}
                  </Button>
                  <Button
                    variant="quiet"
                    size="small"
                    onClick={() => {
                      onChange(removeCriterion(draft, criterion.key));
                      setFocusId(`${prefix}-add`);
                    }}
                  >
                    {text('rubric.removeCriterion', { n })}
                  </Button>
                </div>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <Button
        id={`${prefix}-add`}
        variant="secondary"
        onClick={() => {
          const next = addCriterion(draft, defaultLevelLabels());
          const added = next.criteria.at(-1);
          onChange(next);
          if (added) setFocusId(`${prefix}-${added.key}-label`);
          setAnnounce(text('rubric.added', { n: next.criteria.length }));
        }}
      >
        {text('rubric.addCriterion')}
      </Button>
      <p className="devoirs-muted">{text('rubric.total', { max: frenchNumber(maxScore(draft)) })}</p>
      <p className="ent-visually-hidden" aria-live="polite">
        {announce}
      </p>
    </fieldset>
  );
}
