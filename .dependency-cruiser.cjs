/**
 * The architecture, checked in `npm test` (scripts/test.sh):
 * - no import cycles anywhere;
 * - desk areas (src/desk/<area>/) use each other only through their index.ts.
 * Type-only imports count: a type cycle is as hard to read as any other.
 * The edge rule (buildApp reaches nothing Node-only) is in .dependency-cruiser.edge.cjs.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes the data flow unreadable and the load order fragile.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'areas-through-their-surface',
      severity: 'error',
      comment: "Another area's files are its own business: import its index.ts.",
      from: { path: '^src/desk/([^/]+)/' },
      to: { path: '^src/desk/[^/]+/.+', pathNot: ['^src/desk/$1/', '^src/desk/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-through-the-surface',
      severity: 'error',
      comment: 'Code outside src/desk/ uses an area through its index.ts.',
      from: { pathNot: '^src/desk/' },
      to: { path: '^src/desk/[^/]+/.+', pathNot: '^src/desk/[^/]+/index\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/generated/' },
  },
}
