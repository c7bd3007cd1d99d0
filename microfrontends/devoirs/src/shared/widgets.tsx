import type { ReactNode } from 'react';
import { frenchNumber, type RubricView } from '../logic/rubric.js';
import type { FileView, MarkView, WorkStatus } from '../queries.js';
import { text } from '../text.js';

/** A status as words and a coloured badge (the colour repeats the words, never replaces them). */
export function StatusBadge({ status }: { status: WorkStatus }) {
  return <span className={`devoirs-status devoirs-status--${status.toLowerCase()}`}>{text(`status.${status}`)}</span>;
}

/** The files of a version or of the working copy, each a download link (expiring, signed for the viewer). */
export function FileList({ files, actions }: { files: readonly FileView[]; actions?: (file: FileView) => ReactNode }) {
  if (files.length === 0) return null;
  return (
    <ul className="devoirs-files">
      {files.map((file) => (
        <li key={file.id}>
          {file.downloadUrl ? (
            <a href={file.downloadUrl} download={file.filename} aria-label={text('mark.download', { name: file.filename })}>
              {file.filename}
            </a>
          ) : (
            file.filename
          )}{' '}
          <span className="devoirs-muted">({sizeLabel(file.size)})</span> {actions?.(file)}
        </li>
      ))}
    </ul>
  );
}

function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${frenchNumber(Math.round((bytes / (1024 * 1024)) * 10) / 10)} Mo`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} Ko`;
  return `${bytes} octets`;
}

/** A returned mark: the score, the level reached per criterion (a table), the teacher's words. */
export function MarkResult({
  mark,
  rubric,
  files = [],
  headingLevel = 3,
}: {
  mark: MarkView;
  rubric: RubricView | null;
  /** The teacher's annotated copy, if any. */
  files?: readonly FileView[];
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const chosen = new Map(mark.levels.map((level) => [level.criterionId, level.levelId]));
  return (
    <div className="devoirs-result">
      <p className="devoirs-score">{text('scoreSentence', { score: frenchNumber(mark.score), max: frenchNumber(mark.maxScore) })}</p>
      {rubric ? (
        <div className="ent-table-wrapper">
          <table className="ent-table">
            <caption className="ent-table__caption">{text('rubricResult.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{text('rubricResult.criterion')}</th>
                <th scope="col">{text('rubricResult.level')}</th>
                <th scope="col">{text('rubricResult.points')}</th>
              </tr>
            </thead>
            <tbody>
              {rubric.criteria.map((criterion) => {
                const level = criterion.levels.find((candidate) => candidate.id === chosen.get(criterion.id));
                const best = Math.max(...criterion.levels.map((candidate) => candidate.points));
                return (
                  <tr key={criterion.id}>
                    <th scope="row">{criterion.label}</th>
                    <td>
                      {level?.label ?? '—'}
                      {level?.descriptor ? <span className="devoirs-muted"> — {level.descriptor}</span> : null}
                    </td>
                    <td>{text('score', { score: frenchNumber(level?.points ?? 0), max: frenchNumber(best) })}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {mark.feedback ? (
        <>
          <Heading className="devoirs-subheading">{text('pupil.appreciation')}</Heading>
          <p className="devoirs-feedback">{mark.feedback}</p>
        </>
      ) : null}
      {files.length > 0 ? (
        <>
          <Heading className="devoirs-subheading">{text('feedbackFiles.heading')}</Heading>
          <FileList files={files} />
        </>
      ) : null}
    </div>
  );
}

/** The teacher's instructions: HTML the server sanitised (allowed tags only, no scripts or styles). */
export function Instructions({ html }: { html: string }) {
  return <div className="devoirs-instructions" dangerouslySetInnerHTML={{ __html: html }} />;
}
