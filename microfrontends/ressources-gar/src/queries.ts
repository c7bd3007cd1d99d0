export const RESOURCES = `query RessourcesGarList($establishmentId: ID) {
  myResources(establishmentId: $establishmentId) {
    establishmentId stale fetchedAt notice
    resources { id title publisher thumbnailUrl typeCode typeLabel levels subjects favourite pinned isNew recommendations { teacherName classId } }
  }
}`;
export const SET_FAVOURITE = `mutation RessourcesGarFavourite($resourceId: ID!, $favourite: Boolean!, $establishmentId: ID) {
  setFavourite(resourceId: $resourceId, favourite: $favourite, establishmentId: $establishmentId) { id favourite pinned }
}`;
export const SET_PINNED = `mutation RessourcesGarPin($resourceId: ID!, $pinned: Boolean!, $establishmentId: ID) {
  setPinned(resourceId: $resourceId, pinned: $pinned, establishmentId: $establishmentId) { id favourite pinned }
}`;
export const OPEN = `mutation RessourcesGarOpen($resourceId: ID!, $establishmentId: ID) {
  openResource(resourceId: $resourceId, establishmentId: $establishmentId) { url }
}`;
export const RECOMMEND = `mutation RessourcesGarRecommend($classId: ID!, $resourceId: ID!) {
  recommendResource(classId: $classId, resourceId: $resourceId) { id }
}`;
export const ADMIN = `query RessourcesGarAdmin($establishmentId: ID!) {
  affectationManagers(establishmentId: $establishmentId) { userId displayName createdAt }
  ltiTools(establishmentId: $establishmentId) { id name clientId deploymentId launchUrl }
  establishment(id: $establishmentId) { id name staff { profile functionLabel user { id displayName } } }
}`;
export const ADD_MANAGER = `mutation RessourcesGarAddManager($establishmentId: ID!, $userId: ID!) {
  addAffectationManager(establishmentId: $establishmentId, userId: $userId) { userId displayName }
}`;
export const REMOVE_MANAGER = `mutation RessourcesGarRemoveManager($establishmentId: ID!, $userId: ID!) {
  removeAffectationManager(establishmentId: $establishmentId, userId: $userId)
}`;
export const REGISTER_TOOL = `mutation RessourcesGarRegisterTool($input: LtiToolInput!) { registerLtiTool(input: $input) { id name } }`;
export const DELETE_TOOL = `mutation RessourcesGarDeleteTool($id: ID!) { deleteLtiTool(id: $id) }`;
export const LAUNCH_TOOL = `mutation RessourcesGarLaunchTool($toolId: ID!) { launchLtiTool(toolId: $toolId) { url } }`;
export const EXPORTS = `query RessourcesGarExports { garExports(first: 10) { id trigger status startedAt archive problemCount files { name } problems { subject message file line } } }`;
export const RUN_EXPORT = `mutation RessourcesGarRunExport { runGarExport { id status } }`;
export const TOOLS = `query RessourcesGarTools($establishmentId: ID!) { ltiTools(establishmentId: $establishmentId) { id name } }`;
