import type { DevoirsMessage } from '../messages.js';

/** The rubric editor's state: plain data, changed by the pure functions below (tested without a browser). */
export interface LevelDraft {
  key: string;
  label: string;
  descriptor: string;
  points: string;
}

export interface CriterionDraft {
  key: string;
  label: string;
  levels: LevelDraft[];
}

export interface RubricDraft {
  title: string;
  shared: boolean;
  criteria: CriterionDraft[];
}

let counter = 0;
/** Keys for React lists and for the ids of fields (so focus can move to a new one). */
export const newKey = (prefix: string) => `${prefix}-${++counter}`;

export function newLevel(label = '', points = ''): LevelDraft {
  return { key: newKey('level'), label, descriptor: '', points };
}

/** A new criterion comes with three levels worth 0, 1 and 2 points, named from the catalogue. */
export function newCriterion(levelLabels: readonly [string, string, string]): CriterionDraft {
  return { key: newKey('criterion'), label: '', levels: levelLabels.map((label, index) => newLevel(label, String(index))) };
}

export const addCriterion = (draft: RubricDraft, levelLabels: readonly [string, string, string]): RubricDraft => ({
  ...draft,
  criteria: [...draft.criteria, newCriterion(levelLabels)],
});

export const removeCriterion = (draft: RubricDraft, key: string): RubricDraft => ({
  ...draft,
  criteria: draft.criteria.filter((criterion) => criterion.key !== key),
});

export const updateCriterion = (draft: RubricDraft, key: string, label: string): RubricDraft => ({
  ...draft,
  criteria: draft.criteria.map((criterion) => (criterion.key === key ? { ...criterion, label } : criterion)),
});

/** A new level, one point above the criterion's best so far. */
export function addLevel(draft: RubricDraft, criterionKey: string): RubricDraft {
  return {
    ...draft,
    criteria: draft.criteria.map((criterion) => {
      if (criterion.key !== criterionKey) return criterion;
      const best = Math.max(-1, ...criterion.levels.map((level) => Number(level.points.replace(',', '.'))).filter(Number.isFinite));
      return { ...criterion, levels: [...criterion.levels, newLevel('', String(best + 1))] };
    }),
  };
}

export const removeLevel = (draft: RubricDraft, criterionKey: string, levelKey: string): RubricDraft => ({
  ...draft,
  criteria: draft.criteria.map((criterion) =>
    criterion.key === criterionKey ? { ...criterion, levels: criterion.levels.filter((level) => level.key !== levelKey) } : criterion,
  ),
});

export const updateLevel = (draft: RubricDraft, criterionKey: string, levelKey: string, change: Partial<Omit<LevelDraft, 'key'>>): RubricDraft => ({
  ...draft,
  criteria: draft.criteria.map((criterion) =>
    criterion.key === criterionKey
      ? { ...criterion, levels: criterion.levels.map((level) => (level.key === levelKey ? { ...level, ...change } : level)) }
      : criterion,
  ),
});

/** « 1,5 » or « 1.5 »: the points a teacher typed; NaN when not a number between 0 and 1000. */
export function parsePoints(value: string): number {
  const trimmed = value.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return Number.NaN;
  const points = Number(trimmed);
  return points <= 1000 ? points : Number.NaN;
}

/** The most a pupil can score: the best level of each criterion (criteria with no valid points count 0). */
export function maxScore(draft: Pick<RubricDraft, 'criteria'>): number {
  return draft.criteria.reduce((total, criterion) => {
    const points = criterion.levels.map((level) => parsePoints(level.points)).filter(Number.isFinite);
    return total + (points.length > 0 ? Math.max(...points) : 0);
  }, 0);
}

export interface RubricProblem {
  /** The id of the field at fault (`<prefix>-<key>-label`…), for the form's error summary. */
  fieldId: string;
  message: DevoirsMessage;
}

/** Every problem at once, in reading order; ids follow the editor's (`${prefix}-${key}-label`, `-points`). */
export function rubricProblems(draft: RubricDraft, prefix: string): RubricProblem[] {
  const problems: RubricProblem[] = [];
  if (draft.title.trim() === '') problems.push({ fieldId: `${prefix}-title`, message: { key: 'rubric.titleRequired' } });
  if (draft.criteria.length === 0) problems.push({ fieldId: `${prefix}-add`, message: { key: 'rubric.noCriteria' } });
  draft.criteria.forEach((criterion, index) => {
    const n = index + 1;
    if (criterion.label.trim() === '') problems.push({ fieldId: `${prefix}-${criterion.key}-label`, message: { key: 'rubric.criterionRequired', params: { n } } });
    if (criterion.levels.length < 2) problems.push({ fieldId: `${prefix}-${criterion.key}-add`, message: { key: 'rubric.twoLevels' } });
    criterion.levels.forEach((level, levelIndex) => {
      if (level.label.trim() === '') {
        problems.push({ fieldId: `${prefix}-${level.key}-label`, message: { key: 'rubric.levelRequired', params: { n, level: levelIndex + 1 } } });
      }
      if (!Number.isFinite(parsePoints(level.points))) problems.push({ fieldId: `${prefix}-${level.key}-points`, message: { key: 'rubric.pointsInvalid' } });
    });
  });
  return problems;
}

/** The RubricInput the API takes. */
export function rubricInput(draft: RubricDraft) {
  return {
    title: draft.title.trim(),
    shared: draft.shared,
    criteria: draft.criteria.map((criterion) => ({
      label: criterion.label.trim(),
      levels: criterion.levels.map((level) => ({
        label: level.label.trim(),
        ...(level.descriptor.trim() ? { descriptor: level.descriptor.trim() } : {}),
        points: parsePoints(level.points),
      })),
    })),
  };
}

/** A rubric as the API returns it, and the score of a choice of levels (null until every criterion has one). */
export interface RubricView {
  id: string;
  title: string;
  maxScore: number;
  criteria: ReadonlyArray<{ id: string; label: string; levels: ReadonlyArray<{ id: string; label: string; descriptor: string | null; points: number }> }>;
}

export function scoreOf(rubric: RubricView, chosen: Readonly<Record<string, string>>): number | null {
  let total = 0;
  for (const criterion of rubric.criteria) {
    const level = criterion.levels.find((candidate) => candidate.id === chosen[criterion.id]);
    if (!level) return null;
    total += level.points;
  }
  return total;
}

/** « 7,5 »: points in French. */
export const frenchNumber = (value: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(value);
