// ESM TypeScript through ts-jest; run with `node --experimental-vm-modules` (see package.json).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['**/__tests__/**/*.test.ts'],
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary', 'text', 'lcov'],
  coverageDirectory: 'coverage',
  testTimeout: 30000,
  // The end-to-end suites mostly wait on windows and timeouts: run them side by side.
  maxWorkers: 5,
  testSequencer: '<rootDir>/__tests__/support/sequencer.js'
}
