import type { RubricView } from './logic/rubric.js';

export type WorkStatus = 'NOT_STARTED' | 'DRAFT' | 'SUBMITTED' | 'LATE' | 'MARKED' | 'RETURNED';

export interface FileView {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  downloadUrl: string | null;
}

export interface MarkView {
  score: number;
  maxScore: number;
  feedback: string | null;
  returnedAt: string | null;
  levels: Array<{ criterionId: string; levelId: string }>;
}

export interface WorkView {
  pupil: { id: string };
  pupilName: string;
  status: WorkStatus;
  late: boolean;
  submittedAt: string | null;
  versions: Array<{ id: string; version: number; text: string | null; submittedAt: string; late: boolean; files: FileView[] }>;
  draftText: string | null;
  draftSavedAt: string | null;
  draftFiles: FileView[];
  mark: MarkView | null;
  feedbackFiles: FileView[];
}

export interface AssignmentView {
  id: string;
  title: string;
  instructions: string;
  class: { id: string } | null;
  dueAt: string;
  opensAt: string;
  submissionMode: 'FILE' | 'TEXT' | 'FILE_OR_TEXT';
  allowedKinds: Array<'PDF' | 'IMAGE' | 'OFFICE' | 'TEXT'>;
  maxSizeMb: number;
  allowResubmission: boolean;
  latePolicy: 'ACCEPT' | 'REFUSE';
  state: 'DRAFT' | 'PUBLISHED';
  open: boolean;
  rubric: RubricView | null;
  attachments: FileView[];
}

const FILE = 'id filename contentType size downloadUrl';
const MARK = 'score maxScore feedback returnedAt levels { criterionId levelId }';
export const RUBRIC = 'id title maxScore criteria { id label levels { id label descriptor points } }';
const ASSIGNMENT = `id title instructions class { id } dueAt opensAt submissionMode allowedKinds maxSizeMb allowResubmission latePolicy state open rubric { ${RUBRIC} } attachments { ${FILE} }`;
export const WORK = `pupil { id } pupilName status late submittedAt
  versions { id version text submittedAt late files { ${FILE} } }
  draftText draftSavedAt draftFiles { ${FILE} } mark { ${MARK} } feedbackFiles { ${FILE} }`;

export const TEACHER_ASSIGNMENTS = `{ teacherAssignments { id title class { id } dueAt state progress { targeted submitted marked returned } } }`;
export interface TeacherAssignmentsData {
  teacherAssignments: Array<{
    id: string;
    title: string;
    class: { id: string } | null;
    dueAt: string;
    state: 'DRAFT' | 'PUBLISHED';
    progress: { targeted: number; submitted: number; marked: number; returned: number } | null;
  }>;
}

export const RUBRIC_LIBRARY = `{ rubricLibrary { ${RUBRIC} } }`;
export interface RubricLibraryData {
  rubricLibrary: RubricView[];
}

export const CREATE_ASSIGNMENT = `mutation ($input: AssignmentInput!) { createAssignment(input: $input) { id title state } }`;
export const PUBLISH_ASSIGNMENT = `mutation ($id: ID!) { publishAssignment(id: $id) { id state } }`;

export const FOLLOW = `query ($id: ID!) { assignment(id: $id) { ${ASSIGNMENT} progress { targeted submitted marked returned } works { ${WORK} } } }`;
export interface FollowData {
  assignment: (AssignmentView & { progress: { targeted: number; submitted: number; marked: number; returned: number } | null; works: WorkView[] }) | null;
}

export const ARCHIVE_URL = `query ($id: ID!) { assignment(id: $id) { archiveUrl } }`;
export const MARK_WORK = `mutation ($input: MarkInput!) { markWork(input: $input) { ${WORK} } }`;
export const RETURN_WORK = `mutation ($a: ID!, $p: [ID!]) { returnWork(assignmentId: $a, pupilIds: $p) { pupil { id } status } }`;

export const PUPIL_ASSIGNMENTS = `query ($p: ID) { pupilAssignments(pupilId: $p) { id title dueAt open state work { status late submittedAt mark { score maxScore returnedAt } } } }`;
export interface PupilAssignmentsData {
  pupilAssignments: Array<{
    id: string;
    title: string;
    dueAt: string;
    open: boolean;
    work: { status: WorkStatus; late: boolean; submittedAt: string | null; mark: { score: number; maxScore: number; returnedAt: string | null } | null } | null;
  }>;
}

export const PUPIL_ASSIGNMENT = `query ($id: ID!, $p: ID) { assignment(id: $id) { ${ASSIGNMENT} work(pupilId: $p) { ${WORK} } } }`;
export interface PupilAssignmentData {
  assignment: (AssignmentView & { work: WorkView | null }) | null;
}

export const REMOVE_ATTACHMENT = `mutation ($id: ID!) { removeAttachment(id: $id) { id } }`;
export const SAVE_DRAFT = `mutation ($a: ID!, $t: String!) { saveDraft(assignmentId: $a, text: $t) { draftSavedAt } }`;
export const REMOVE_FILE = `mutation ($id: ID!) { removeDraftFile(fileId: $id) { status } }`;
export const SUBMIT_WORK = `mutation ($a: ID!) { submitWork(assignmentId: $a) { ${WORK} } }`;
