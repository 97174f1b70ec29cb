/**
 * The import rules of src/ (npm test runs `depcruise`): the flow reads from the folder names, and
 * imports point one way. action/ and cli/ are the two entry points, and server/ the credentials
 * server's (refresh-credentials); they use settings/ and engine/ (server/ only engine/); settings/
 * uses engine/; engine/ uses none of them, not even their types: it defines the requests it takes
 * (engine/requests.ts). Runtime cycles are errors anywhere.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A runtime import cycle: one of the modules should not need the other.',
      from: { path: '^src/' },
      to: { circular: true, dependencyTypesNot: ['type-only'] }
    },
    {
      name: 'entry-points-apart',
      severity: 'error',
      comment:
        'The action, the command line and the credentials server share engine/, never each other.',
      from: { path: '^src/(action|cli|server)/' },
      to: { path: '^src/(action|cli|server)/', pathNot: '^src/$1/' }
    },
    {
      name: 'settings-below-entry-points',
      severity: 'error',
      comment: 'settings/ parses inputs for both entry points: it must not import either.',
      from: { path: '^src/settings/' },
      to: { path: '^src/(action|cli|server)/' }
    },
    {
      name: 'engine-at-the-bottom',
      severity: 'error',
      comment:
        'engine/ imports nothing from the folders above it, types included: it takes requests of its own types.',
      from: { path: '^src/engine/' },
      to: { path: '^src/(action|cli|server|settings)/' }
    },
    {
      name: 'server-without-settings',
      severity: 'error',
      comment: 'The credentials server gets its handoff, not the inputs: nothing from settings/.',
      from: { path: '^src/server/' },
      to: { path: '^src/settings/' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] }
  }
}
