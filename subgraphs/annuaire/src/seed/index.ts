export { academicYearOf } from './academicYear.js';
export { type DemoSeedSummary, type SeedDemoOptions, seedDemo } from './demo.js';
export {
  DEMO_ACCOUNTS,
  DEMO_ESTABLISHMENTS,
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
  type DemoAccount,
} from './demoAccounts.js';
export { type GeneratePopulationOptions, generatePopulation, type PopulationSummary } from './population.js';
export type { PopulationCounts } from './populationBuilder.js';
export { isValidUai, uaiCheckLetter, uaiOf } from './uai.js';
