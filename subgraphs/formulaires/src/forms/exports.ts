import { stringify } from 'csv-stringify/sync';
import type { AnswerRow, QuestionRow, ResponseRow, SignatureRow } from '../db/database.js';
import { frenchDateTime } from './status.js';
import type { TripRow } from './trip.js';

/**
 * CSV for spreadsheet software: UTF-8 with a byte-order mark (so Excel reads the accents right) and
 * `;` as separator (French-locale spreadsheets read `,` as the decimal mark); CRLF line ends.
 */
const CSV_OPTIONS = { bom: true, delimiter: ';', record_delimiter: 'windows', quoted_string: false } as const;

const DECISION = { AUTHORISED: 'Autorisé', REFUSED: 'Refusé' } as const;
const STATUS = { AUTHORISED: 'Autorisé', REFUSED: 'Refusé', PENDING: 'En attente' } as const;

/** Guards against formula injection: a cell starting with = + - @ is read as text by spreadsheets. */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function answerText(question: QuestionRow, answer: AnswerRow | undefined, signature: SignatureRow | undefined): string {
  if (question.type === 'AUTHORISATION' && signature) {
    return `${DECISION[signature.decision]} — ${signature.signer_name}, ${frenchDateTime(signature.signed_at)}`;
  }
  if (!answer) return '';
  if (answer.values) return answer.values.join(', ');
  return answer.value ?? '';
}

export function responsesCsv(input: {
  anonymous: boolean;
  questions: readonly QuestionRow[];
  responses: readonly ResponseRow[];
  answers: readonly AnswerRow[];
  signatures: readonly SignatureRow[];
  slotLabels: ReadonlyMap<string, string>;
}): string {
  const answers = new Map(input.answers.map((answer) => [`${answer.response_id}/${answer.question_key}`, answer]));
  const signatures = new Map(input.signatures.map((signature) => [`${signature.response_id}/${signature.question_key}`, signature]));
  const header = [...(input.anonymous ? [] : ['Répondant', 'Enfant']), 'Date de réponse', ...input.questions.map((question) => question.label)];
  const rows = input.responses.map((response) => [
    ...(input.anonymous ? [] : [response.respondent_name ?? '', response.child_name ?? '']),
    input.anonymous ? response.submitted_at.toISOString().slice(0, 10) : frenchDateTime(response.submitted_at),
    ...input.questions.map((question) => {
      const answer = answers.get(`${response.id}/${question.key}`);
      const value = answerText(question, answer, signatures.get(`${response.id}/${question.key}`));
      return question.type === 'SLOT_BOOKING' ? (input.slotLabels.get(value) ?? value) : value;
    }),
  ]);
  return stringify([header, ...rows].map((row) => row.map(safeCell)), CSV_OPTIONS);
}

export function tripCsv(rows: readonly TripRow[]): string {
  const header = ['Élève', 'Classe', 'Statut', 'Signataires', 'Signé le'];
  const lines = rows.map((row) => [
    row.member.pupil_name,
    row.member.class_name ?? '',
    STATUS[row.status],
    row.signatures.map((signature) => `${signature.signer_name} (${DECISION[signature.decision]})`).join(', '),
    row.signatures.map((signature) => frenchDateTime(signature.signed_at)).join(', '),
  ]);
  return stringify([header, ...lines].map((row) => row.map(safeCell)), CSV_OPTIONS);
}
