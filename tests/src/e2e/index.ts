export { type AxeViolation, axeViolations, blockingAxeViolations, formatViolations, WCAG_21_AA_TAGS } from './axeViolations.js';
export { artifactsDirectory, screenshotPages } from './failureArtifacts.js';
export { CHROMIUM_ARGS, chromiumPath, launchChromium } from './launchChromium.js';
export { FIXTURE_MODULES, type FixtureModule, fixtureModuleText, type StagedShell, stageShellWithFixtures } from './fixtureModules.js';
export { type Focused, focused, hasFocus, type HomeTile, homeTiles, logIn, recordSpeech, spoken, tabTo, tileLabels } from './portalPage.js';
export { type PortalOptions, type RunningPortal, shellDist, startPortal } from './startPortal.js';
export { type PortalBrowser, usePortalBrowser } from './usePortalBrowser.js';
export { type PageProblems, watchPageProblems } from './watchPageProblems.js';
