/**
 * The CLI entry's module factories rewritten as parenthesized function expressions
 * (scripts/eager-factories.js): the same modules, which V8 compiles with the file.
 */
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from '@jest/globals'
import { compiledWithTheFile } from '../../scripts/eager-factories.js'

/** A bundle shaped as ncc's: a table of factories, a require, an entry that uses two modules. */
const bundle = (factories: string) =>
  `(()=>{"use strict";var e={${factories}};var c={};function r(i){if(c[i])return c[i].exports;` +
  `var m=c[i]={exports:{}};e[i].call(m.exports,m,m.exports,r);return m.exports}` +
  `globalThis.result=r(1).twice(r(22).three)})();`

const MODULES = '1:(e,s,t)=>{s.twice=n=>n*2},22:e=>{e.exports={three:3}}'

describe('compiledWithTheFile', () => {
  it('makes each factory a parenthesized function expression, and the bundle does the same', () => {
    const code = bundle(MODULES)
    const rewritten = compiledWithTheFile(code)
    expect(rewritten).toContain('1:(function(e,s,t){s.twice=n=>n*2}),22:(function(e){')
    expect(rewritten).not.toMatch(/\d:\(?\(?[\w,]*\)?=>/)
    for (const text of [code, rewritten]) {
      const sandbox: { result?: number } = {}
      runInNewContext(text, sandbox)
      expect(sandbox.result).toBe(6)
    }
  })

  it('keeps a shebang and changes nothing outside the factories', () => {
    const code = `#!/usr/bin/env node\n${bundle(MODULES)}`
    expect(compiledWithTheFile(code)).toBe(
      `#!/usr/bin/env node\n${bundle('1:(function(e,s,t){s.twice=n=>n*2}),22:(function(e){e.exports={three:3}})')}`
    )
  })

  it.each([
    ['this', '1:(e,s)=>{s.self=this}'],
    ['arguments', '1:(e,s)=>{s.count=arguments.length}']
  ])(
    'refuses a factory that uses its own %s, which a function would bind otherwise',
    (name, table) => {
      expect(() => compiledWithTheFile(bundle(`${table},22:e=>{e.exports={}}`))).toThrow(
        `module 1 refers to its own ${name}`
      )
    }
  )

  it('takes this and arguments that belong to functions and classes inside a factory', () => {
    const table =
      '1:(e,s)=>{s.f=function(){return this};s.g=function(){return arguments.length};' +
      's.C=class{x=this;m(){return this}};s.n=s.g.arguments},22:e=>{e.exports={}}'
    expect(compiledWithTheFile(bundle(table))).toContain('1:(function(e,s){')
  })

  it('refuses a bundle without a module table', () => {
    expect(() => compiledWithTheFile('console.log(1)')).toThrow(
      "dist/cli/index.js: webpack's module table not found"
    )
  })
})
