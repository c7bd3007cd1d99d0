import type { Migrations } from '@ent/kit';
import * as createDevoirs from './2026_12_03_0900_create_devoirs.js';
import * as createAssignmentAttachments from './2026_12_03_0910_create_assignment_attachments.js';
import * as addPupilSortName from './2026_12_03_0920_add_pupil_sort_name.js';
import * as addAttachmentPupil from './2026_12_03_0930_add_attachment_pupil.js';

/** In order; names follow YYYY_MM_DD_HHMM_verb_noun. */
export const migrations: Migrations = {
  '2026_12_03_0900_create_devoirs': createDevoirs,
  '2026_12_03_0910_create_assignment_attachments': createAssignmentAttachments,
  '2026_12_03_0920_add_pupil_sort_name': addPupilSortName,
  '2026_12_03_0930_add_attachment_pupil': addAttachmentPupil,
};
