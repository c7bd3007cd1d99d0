/** What went wrong with a feed file, in words for the person running the import (French) and a code for logs. */
export type FeedProblemCode =
  | 'EMPTY_FILE'
  | 'MALFORMED_XML'
  | 'TRUNCATED_FILE'
  | 'UNSUPPORTED_ENCODING'
  | 'INVALID_ENCODING'
  | 'UNEXPECTED_ELEMENT'
  | 'MISSING_IDENTIFIER'
  | 'WRONG_CATEGORY'
  | 'UNKNOWN_ESTABLISHMENT'
  | 'UNKNOWN_CLASS'
  | 'INVALID_VALUE'
  | 'MISSING_VALUE';

export type FeedWarningCode =
  | 'UNKNOWN_PARENT'
  | 'SELF_RELATION'
  | 'OUTSIDE_ESTABLISHMENT'
  | 'UNKNOWN_SUBJECT'
  | 'UNKNOWN_GROUP'
  | 'UNKNOWN_TEACHER_CLASS'
  | 'INVALID_DATE'
  | 'GUESSED_LEVEL'
  | 'UNKNOWN_PERSON'
  | 'NOT_A_GUARDIAN'
  | 'IGNORED_DELETE'
  | 'HEAD_TEACHER_WITHOUT_SUBJECT'
  | 'UNKNOWN_ESTABLISHMENT_TYPE';

export interface FeedProblem {
  file: string;
  line: number | null;
  /** The record's identifier (identifier/id) when the problem is inside a record. */
  identifier: string | null;
  code: FeedProblemCode | FeedWarningCode;
  message: string;
}

/** A problem that rejects the whole file: nothing of it is applied. */
export class FeedFileError extends Error {
  constructor(readonly problem: FeedProblem) {
    super(describeProblem(problem));
    this.name = 'FeedFileError';
  }
}

/** « ENT_…_Eleve_0000.xml, ligne 12, identifiant 2000000 : … » */
export function describeProblem(problem: FeedProblem): string {
  const where = [problem.file];
  if (problem.line !== null) where.push(`ligne ${problem.line}`);
  if (problem.identifier) where.push(`identifiant ${problem.identifier}`);
  return `${where.join(', ')} : ${problem.message}`;
}
