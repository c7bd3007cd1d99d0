import { createBatchLoader, createGroupedLoader } from '@ent/kit';
import type { Db } from './repository.js';
import { activationChanges } from '../modules/repository.js';
import * as repo from './repository.js';

/** One set per request: every entity reference and relation is answered with one `where … in (…)`. */
export function createDirectoryLoaders(db: Db) {
  return {
    user: createBatchLoader((ids) => repo.usersByIds(db, ids), (row) => row.id),
    establishment: createBatchLoader((ids) => repo.establishmentsByIds(db, ids), (row) => row.id),
    class: createBatchLoader((ids) => repo.classesByIds(db, ids), (row) => row.id),
    group: createBatchLoader((ids) => repo.groupsByIds(db, ids), (row) => row.id),
    profilesOfUser: createGroupedLoader((ids) => repo.profilesOfUsers(db, ids), (row) => row.user_id),
    classIdsOfPupil: createGroupedLoader((ids) => repo.classMembershipsOfUsers(db, ids), (row) => row.user_id),
    groupIdsOfUser: createGroupedLoader((ids) => repo.groupMembershipsOfUsers(db, ids), (row) => row.user_id),
    teachingsOfTeacher: createGroupedLoader((ids) => repo.teachingsOfTeachers(db, ids), (row) => row.teacher_id),
    teachingsOfClass: createGroupedLoader((ids) => repo.teachingsOfClasses(db, ids), (row) => row.class_id ?? ''),
    childrenLinks: createGroupedLoader((ids) => repo.familyLinksOfParents(db, ids), (row) => row.parent_id),
    parentLinks: createGroupedLoader((ids) => repo.familyLinksOfChildren(db, ids), (row) => row.child_id),
    pupilsOfClass: createGroupedLoader((ids) => repo.pupilsOfClasses(db, ids), (row) => row.class_id),
    membersOfGroup: createGroupedLoader((ids) => repo.membersOfGroups(db, ids), (row) => row.group_id),
    classesOfEstablishment: createGroupedLoader((ids) => repo.classesOfEstablishments(db, ids), (row) => row.establishment_id),
    groupsOfEstablishment: createGroupedLoader((ids) => repo.groupsOfEstablishments(db, ids), (row) => row.establishment_id),
    staffOfEstablishment: createGroupedLoader((ids) => repo.staffOfEstablishments(db, ids), (row) => row.establishment_id ?? ''),
    pupilCount: createBatchLoader((ids) => repo.pupilCountsOfClasses(db, ids), (row) => row.classId),
    moduleChangesOfEstablishment: createGroupedLoader(
      (ids) => activationChanges(db, { establishmentIds: ids }),
      (change) => change.establishmentId,
    ),
  };
}

export type DirectoryLoaders = ReturnType<typeof createDirectoryLoaders>;
