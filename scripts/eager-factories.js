// @ts-check
/**
 * For `npm run package` (scripts/package.js): the CLI's entry with its module factories compiled
 * with the file.
 */
import ts from 'typescript'

/**
 * The bundle with each module factory of webpack's table, `ID:(e,s,t)=>{…}`, rewritten as
 * `ID:(function(e,s,t){…})`. V8 compiles a function lazily: it preparses the body when the file
 * loads, and parses it again, fully, when the function is first called. Every module of the CLI's
 * entry runs when it starts, so each factory's body was parsed twice; a parenthesized function
 * expression is a "possibly invoked function expression", which V8 compiles with the file, once
 * (https://v8.dev/blog/preparser#pife). That took about 1.5 ms off a cache hit on Node 20
 * (docs/design.md, Performance). Only the wrapper changes: a factory that refers to its own `this`
 * or `arguments`, which an arrow function does not bind, stops the build, as does a bundle whose
 * table is not found.
 *
 * @param {string} code
 */
export function compiledWithTheFile(code) {
  const file = ts.createSourceFile('index.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const table = moduleTable(file)
  if (!table) throw new Error("dist/cli/index.js: webpack's module table not found")
  /** @type {{ start: number, end: number, text: string }[]} */
  const edits = []
  for (const property of table.properties) {
    const { name, initializer: factory } = /** @type {ts.PropertyAssignment} */ (property)
    if (!ts.isArrowFunction(factory)) throw new Error('a module factory that is no arrow function')
    const own = ownThisOrArguments(factory.body)
    if (own) throw new Error(`module ${name.getText(file)} refers to its own ${own}`)
    const parameters = factory.parameters.map(parameter => parameter.getText(file)).join(',')
    const start = factory.getStart(file)
    edits.push({ start, end: factory.body.getStart(file), text: `(function(${parameters})` })
    edits.push({ start: factory.end, end: factory.end, text: ')' })
  }
  edits.sort((a, b) => b.start - a.start)
  return edits.reduce(
    (text, edit) => text.slice(0, edit.start) + edit.text + text.slice(edit.end),
    code
  )
}

/**
 * The first object literal whose properties are all `NUMBER: (…) => {…}`: webpack's modules.
 *
 * @param {ts.Node} node
 * @returns {ts.ObjectLiteralExpression | undefined}
 */
function moduleTable(node) {
  if (
    ts.isObjectLiteralExpression(node) &&
    node.properties.length > 1 &&
    node.properties.every(
      property =>
        ts.isPropertyAssignment(property) &&
        ts.isNumericLiteral(property.name) &&
        ts.isArrowFunction(property.initializer) &&
        ts.isBlock(property.initializer.body)
    )
  ) {
    return node
  }
  return ts.forEachChild(node, moduleTable)
}

/**
 * `this` or `arguments` in `node` that belongs to the enclosing function, not to a function,
 * method or class member inside it.
 *
 * @param {ts.Node} node
 * @returns {string | undefined}
 */
function ownThisOrArguments(node) {
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this'
  if (ts.isIdentifier(node) && node.text === 'arguments') {
    const parent = node.parent
    const isName = ts.isPropertyAccessExpression(parent) && parent.name === node
    if (!isName) return 'arguments'
  }
  const ownScope =
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isClassStaticBlockDeclaration(node)
  if (ownScope) return undefined
  return ts.forEachChild(node, ownThisOrArguments)
}
