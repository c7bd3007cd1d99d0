import { session } from '@ent/ui-kit';
import type { QuestionKind } from '@ent/formulaires/logic';

export type FormStatus = 'DRAFT' | 'OPEN' | 'CLOSED';
export type AudienceProfile = 'PUPILS' | 'PARENTS' | 'STAFF';

export interface QuestionView {
  key: string;
  type: QuestionKind;
  label: string;
  help: string | null;
  required: boolean;
  options: string[];
  showWhen: { questionKey: string; equals: string } | null;
  resource: { id: string; name: string } | null;
}

export interface SectionView {
  title: string;
  description: string | null;
  questions: QuestionView[];
}

export interface FormView {
  id: string;
  title: string;
  description: string | null;
  purpose: string;
  retentionDays: number;
  deadline: string;
  status: FormStatus;
  anonymous: boolean;
  bothGuardians: boolean;
  templateKey: string | null;
  canSeeResults: boolean;
  responseCount: number | null;
  expectedCount: number | null;
  establishment: { id: string };
  audience: { profile: AudienceProfile; classes: Array<{ id: string }>; groups: Array<{ id: string }>; wholeEstablishment: boolean };
  sections: SectionView[];
}

const QUESTION = 'key type label help required options showWhen { questionKey equals } resource { id name }';
export const FORM_FIELDS = `id title description purpose retentionDays deadline status anonymous bothGuardians templateKey canSeeResults responseCount expectedCount
  establishment { id } audience { profile classes { id } groups { id } wholeEstablishment }
  sections { title description questions { ${QUESTION} } }`;

export const HOME_QUERY = `{
  formsToAnswer { form { id title deadline description } child { id } childName }
  myForms { id title status deadline responseCount expectedCount canSeeResults }
  formTemplates { key title description }
}`;

export const FORM_QUERY = `query ($id: ID!) { form(id: $id) { ${FORM_FIELDS} } }`;
export const TEMPLATES_QUERY = `{ formTemplates { key title description purpose retentionDays audienceProfile bothGuardians anonymous sections { title description questions { ${QUESTION} } } } }`;
export const CLASSES_QUERY = `query ($id: ID!) { establishment(id: $id) { id classes { id name } } }`;
export const RESOURCES_QUERY = `query ($id: ID!) { resources(establishmentId: $id) { id name kind capacity } }`;
export const SLOTS_QUERY = `query ($id: ID!) { resource(id: $id) { id name capacity slots { id startsAt endsAt capacity remaining bookedByMe } } }`;
export const MY_BOOKINGS = `{ myBookings { id slot { id startsAt endsAt resource { name } } } }`;
export const RESULTS_QUERY = `query ($id: ID!) {
  form(id: $id) { ${FORM_FIELDS} }
  formStatistics(formId: $id) { questionKey label type answered counts { value count } average minimum maximum }
  formResponses(formId: $id) { id respondent { id displayName } childName submittedAt answers { questionKey value values signature { decision signerName signedAt } } }
  tripAuthorisations(formId: $id) { pupil { id } pupilName className status signatures { signerName signedAt decision } missingSignatures }
}`;

export const CREATE_FORM = `mutation ($input: FormInput!) { createForm(input: $input) { id } }`;
export const UPDATE_FORM = `mutation ($id: ID!, $input: FormInput!) { updateForm(id: $id, input: $input) { id } }`;
export const OPEN_FORM = `mutation ($id: ID!) { openForm(id: $id) { id status } }`;
export const CLOSE_FORM = `mutation ($id: ID!) { closeForm(id: $id) { id status } }`;
export const EXTEND_FORM = `mutation ($id: ID!, $deadline: String!) { extendForm(id: $id, deadline: $deadline) { id status deadline } }`;
export const REMIND = `mutation ($id: ID!) { remindNonRespondents(formId: $id) }`;
export const SUBMIT = `mutation ($formId: ID!, $childId: ID, $answers: [AnswerInput!]!) { submitResponse(formId: $formId, childId: $childId, answers: $answers) { id } }`;
export const BOOK = `mutation ($id: ID!) { bookSlot(slotId: $id) { id } }`;
export const CANCEL_BOOKING = `mutation ($id: ID!) { cancelBooking(id: $id) { id } }`;

/**
 * Downloads a CSV export: the route needs the bearer token, so it is fetched here and handed to the
 * browser as a file (a plain link could not carry the token). Returns the file name.
 */
export async function downloadExport(formId: string, file: 'responses.csv' | 'trip.csv'): Promise<string> {
  const token = await session.getValidAccessToken();
  const response = await fetch(`/formulaires/exports/${formId}/${file}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) throw new Error(`export HTTP ${response.status}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? file;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
