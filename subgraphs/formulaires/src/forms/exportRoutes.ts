import { forbidden, httpStatusOf, isEntError, type ModuleGate, notFound, sendError, type TokenVerifier, unauthenticated } from '@ent/kit';
import type { Express } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { messages } from '../messages.js';
import { oversees } from './access.js';
import { responsesCsv, tripCsv } from './exports.js';
import * as repository from './repository.js';
import { tripRows } from './trip.js';
import { UUID } from './validate.js';

export const EXPORTS_PATH = '/formulaires/exports';

/**
 * `GET /formulaires/exports/:formId/responses.csv` and `…/trip.csv`, with the access token in
 * Authorization: the author and the direction only. UTF-8 with BOM, `;` separated (see exports.ts).
 */
export function mountExportRoutes(app: Express, options: { db: Kysely<Database>; gate: ModuleGate; verifier: TokenVerifier }) {
  const { db, gate, verifier } = options;
  app.get(`${EXPORTS_PATH}/:formId/:file`, async (req, res, next) => {
    try {
      const viewer = await verifier.verifyAuthorizationHeader(req.header('authorization'));
      if (!viewer) throw unauthenticated();
      const formId = String(req.params['formId']);
      const file = String(req.params['file']);
      if (file !== 'responses.csv' && file !== 'trip.csv') throw notFound(messages.form);
      const form = UUID.test(formId) ? await repository.findForm(db, formId) : undefined;
      if (!form) throw notFound(messages.form);
      if (!oversees(viewer, form)) throw forbidden(messages.cannotSeeResults);
      await gate.assertEnabled(form.establishment_id);
      let body: string;
      if (file === 'trip.csv') {
        const [members, signatures, questions] = await Promise.all([
          repository.audienceOf(db, form.id),
          repository.signaturesOfForm(db, form.id),
          repository.questionsOf(db, [form.id]),
        ]);
        body = tripCsv(tripRows(form, members, signatures, questions.find((question) => question.type === 'AUTHORISATION')?.key ?? null));
      } else {
        const questions = await repository.questionsOf(db, [form.id]);
        const responses = await repository.responsesOf(db, form.id);
        const ids = responses.map((response) => response.id);
        const answers = await repository.answersOf(db, ids);
        const slotIds = answers.filter((answer) => answer.value && UUID.test(answer.value)).map((answer) => answer.value as string);
        const slots = await repository.findSlots(db, [...new Set(slotIds)]);
        const label = (instant: Date) => instant.toLocaleString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
        body = responsesCsv({
          anonymous: form.anonymous,
          questions,
          responses,
          answers,
          signatures: await repository.signaturesOfResponses(db, ids),
          slotLabels: new Map(slots.map((slot) => [slot.id, `${label(slot.starts_at)} – ${label(slot.ends_at)}`])),
        });
      }
      const base = file === 'trip.csv' ? 'autorisations' : 'reponses';
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="${base}-${form.id.slice(0, 8)}.csv"`);
      res.setHeader('cache-control', 'no-store');
      res.send(body);
    } catch (error) {
      if (isEntError(error)) return sendError(res, httpStatusOf(error.code), error.code, error.message, error.extensions);
      next(error);
    }
  });
}
