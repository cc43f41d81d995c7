/**
 * Templates come from users' repositories and run in CI next to secrets: they must not reach files, the network,
 * the environment, the clock or randomness, must not execute code, and must terminate with a clear error when they
 * recurse or produce output without bound.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse, TemplateExecError, TemplateSyntaxError } from '../../src/template/mod.ts';
import { sprigFuncs } from '../../src/template/funcs/sprig.ts';
import { istioFuncs } from '../../src/inject/funcmap.ts';

const funcs = [sprigFuncs, istioFuncs()];

function render(text: string, data: unknown = {}, options: Parameters<typeof istioFuncs>[0] = {}): string {
  return parse(text, { name: 't', funcs: [sprigFuncs, istioFuncs(options)] }).execute(data);
}

function parseError(text: string): TemplateSyntaxError {
  try {
    parse(text, { name: 't', funcs });
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

function execError(text: string, data: unknown = {}): TemplateExecError {
  const t = parse(text, { name: 't', funcs });
  try {
    t.execute(data);
  } catch (e) {
    if (e instanceof TemplateExecError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to fail`);
}

// ---

const Sandbox = suite('no files, network, environment, clock or randomness');

Sandbox('functions that would reach outside are not defined, so such templates do not even parse', () => {
  for (const name of [
    'expandenv', 'getHostByName', 'now', 'date', 'dateInZone', 'htmlDate', 'ago', 'unixEpoch', 'uuidv4', 'randAlpha',
    'randAlphaNum', 'randNumeric', 'randAscii', 'randInt', 'randBytes', 'shuffle', 'genPrivateKey', 'genCA',
    'genSelfSignedCert', 'genSignedCert', 'derivePassword', 'bcrypt', 'htpasswd', 'readFile', 'include', 'tpl', 'exec',
  ]) {
    const e = parseError(`{{ ${name} "x" }}`);
    assert.match(e.message, `function "${name}" not defined`, name);
    assert.is(e.line, 1);
  }
});

Sandbox('env answers only from the allow-list in the config, never from the process environment', () => {
  const secret = 'INJECT_SIDECAR_TEST_SECRET';
  const g = globalThis as { process?: { env: Record<string, string | undefined> } };
  if (g.process) g.process.env[secret] = 'leaked';
  try {
    assert.is(render(`[{{ env "${secret}" "default" }}]`), '[default]');
    assert.is(render(`[{{ env "${secret}" "" }}]`), '[]');
    assert.is(render(`[{{ env "HOME" "none" }}]`), '[none]');
    assert.is(render(`[{{ env "ALLOWED" "d" }}]`, {}, { env: { ALLOWED: 'yes' } }), '[yes]');
    assert.is(render(`[{{ env "__proto__" "d" }}]`, {}, { env: {} }), '[d]');
  } finally {
    if (g.process) delete g.process.env[secret];
  }
});

Sandbox('template text is data: JavaScript in it is printed, never run', () => {
  const text = '{{ "${globalThis.process.exit(3)}" }}{{ printf "%s" "constructor" }}';
  assert.is(render(text), '${globalThis.process.exit(3)}constructor');
  assert.is(render('{{ .constructor }}|{{ .__proto__ }}|{{ index . "toString" }}', {}), '<no value>|<no value>|<no value>');
});

// ---

const Limits = suite('termination: bounded recursion, output and work');

Limits('unbounded template recursion fails with a clear error instead of overflowing the stack', () => {
  const e = execError('{{ define "loop" }}x{{ template "loop" . }}{{ end }}{{ template "loop" . }}');
  assert.match(e.message, /template: t:1:\d+: executing "loop" at <\{\{template "loop" \.\}\}>: exceeded maximum template depth \(1000\)/);
});

Limits('runaway output fails with a clear error, promptly', () => {
  const started = Date.now();
  const text = '{{ range $i := until 100000 }}{{ range $j := until 100000 }}{{ repeat 1000 "x" }}{{ end }}{{ end }}';
  const e = execError(text);
  assert.match(e.message, /output|exceed/i);
  assert.ok(Date.now() - started < 10_000, 'the limit stops the template early');
});

Limits('the output limit is configurable', () => {
  const t = parse('{{ repeat 200 "ab" }}', { name: 't', funcs, limits: { maxOutputSize: 100 } });
  assert.throws(() => t.execute({}), (e: unknown) => e instanceof TemplateExecError && /output/i.test(e.message));
  assert.is(parse('{{ repeat 20 "ab" }}', { name: 't', funcs, limits: { maxOutputSize: 100 } }).execute({}).length, 40);
});

Limits('deeply nested template text is rejected by the parser, not by the JavaScript stack', () => {
  const deep = '{{ if true }}'.repeat(20000) + 'x' + '{{ end }}'.repeat(20000);
  const e = parseError(deep);
  assert.match(e.message, /template: t:1: /);
  const parens = '{{ ' + '('.repeat(20000) + '1' + ')'.repeat(20000) + ' }}';
  assert.match(parseError(parens).message, /template: t:1: /);
});

Sandbox.run();
Limits.run();
