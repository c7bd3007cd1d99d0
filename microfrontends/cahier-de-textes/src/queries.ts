import type { HomeworkItem, HomeworkKind, PublicationState } from './logic/homework.js';

const HOMEWORK_FIELDS = 'id subject dueDate kind estimatedMinutes instructions state publishAt class { id }';

export const LESSON_FIELDS = `id subject startsAt endsAt title content objectives state publishAt class { id } author { id }
  homework { ${HOMEWORK_FIELDS} doneCount }`;

export interface LessonItem {
  id: string;
  subject: string;
  startsAt: string;
  endsAt: string;
  title: string;
  content: string;
  objectives: string | null;
  state: PublicationState;
  publishAt: string | null;
  class: { id: string } | null;
  author: { id: string };
  homework: HomeworkItem[];
}

export const MY_LESSONS = `query CahierMyLessons($from: String!, $to: String!) { myLessons(from: $from, to: $to) { ${LESSON_FIELDS} } }`;
export const CLASS_LESSONS = `query CahierClassLessons($classId: ID!, $from: String!, $to: String!) {
  lessons(classId: $classId, from: $from, to: $to) { ${LESSON_FIELDS} } }`;

export const TODO = `query CahierToDo($pupilId: ID) { homeworkToDo(pupilId: $pupilId) { ${HOMEWORK_FIELDS} done lesson { id title } } }`;

export const SET_DONE = `mutation CahierSetDone($homeworkId: ID!, $done: Boolean!) { setHomeworkDone(homeworkId: $homeworkId, done: $done) { id done } }`;

export const WORKLOAD = `query CahierWorkload($classId: ID!, $from: String!, $to: String!) {
  workload(classId: $classId, from: $from, to: $to) { date totalMinutes thresholdMinutes exceeded } }`;

export interface WorkloadDay {
  date: string;
  totalMinutes: number;
  thresholdMinutes: number;
  exceeded: boolean;
}

export interface LessonInput {
  classId: string;
  subject: string;
  startsAt: string;
  endsAt: string;
  title: string;
  content: string;
  objectives: string | null;
  publishAt: string | null;
}

export interface HomeworkInput {
  lessonId: string;
  dueDate: string;
  kind: HomeworkKind;
  estimatedMinutes: number;
  instructions: string;
  publishAt: string | null;
}

export const CREATE_LESSON = `mutation CahierCreateLesson($input: LessonInput!) { createLesson(input: $input) { id title } }`;
export const UPDATE_LESSON = `mutation CahierUpdateLesson($id: ID!, $input: LessonInput!) { updateLesson(id: $id, input: $input) { id title } }`;
const HOMEWORK_RESULT = `homework { id dueDate } workload { date totalMinutes thresholdMinutes exceeded } warning`;
export const CREATE_HOMEWORK = `mutation CahierCreateHomework($input: HomeworkInput!) { createHomework(input: $input) { ${HOMEWORK_RESULT} } }`;
export const UPDATE_HOMEWORK = `mutation CahierUpdateHomework($id: ID!, $input: HomeworkInput!) { updateHomework(id: $id, input: $input) { ${HOMEWORK_RESULT} } }`;

export interface HomeworkResult {
  homework: { id: string; dueDate: string };
  workload: WorkloadDay | null;
  warning: string | null;
}

export const DUPLICATE_LESSON = `mutation CahierDuplicate($id: ID!, $classId: ID, $startsAt: String!) {
  duplicateLesson(id: $id, classId: $classId, startsAt: $startsAt) { id startsAt } }`;
export const SAVE_TEMPLATE = `mutation CahierSaveTemplate($lessonId: ID!, $shared: Boolean) { saveLessonAsTemplate(lessonId: $lessonId, shared: $shared) { id } }`;
export const TEMPLATES = `query CahierTemplates { lessonTemplates { id subject title content objectives shared } }`;

export interface TemplateItem {
  id: string;
  subject: string;
  title: string;
  content: string;
  objectives: string | null;
  shared: boolean;
}

export const ESTABLISHMENT_CLASSES = `query CahierEstablishmentClasses($id: ID!) { establishment(id: $id) { id name classes { id name } } }`;
export const VISAS = `query CahierVisas($classId: ID!) { visas(classId: $classId) { id from to signedAt comment signedBy { id displayName } } }`;
export const SIGN = `mutation CahierSign($classId: ID!, $from: String!, $to: String!, $comment: String) {
  signClassLog(classId: $classId, from: $from, to: $to, comment: $comment) { id } }`;

export interface VisaItem {
  id: string;
  from: string;
  to: string;
  signedAt: string;
  comment: string | null;
  signedBy: { id: string; displayName: string } | null;
}

export const FEEDS = `query CahierFeeds { calendarFeeds { id createdAt revokedAt pupil { id } } }`;
export const CREATE_FEED = `mutation CahierCreateFeed($pupilId: ID) { createCalendarFeed(pupilId: $pupilId) { url feed { id } } }`;
export const REVOKE_FEED = `mutation CahierRevokeFeed($id: ID!) { revokeCalendarFeed(id: $id) { id revokedAt } }`;

export interface FeedItem {
  id: string;
  createdAt: string;
  revokedAt: string | null;
  pupil: { id: string };
}

export const DUPLICATE_WEEK = `mutation CahierDuplicateWeek($input: DuplicateWeekInput!) { duplicateWeek(input: $input) { id } }`;

export const DELETE_LESSON = `mutation CahierDeleteLesson($id: ID!) { deleteLesson(id: $id) }`;
