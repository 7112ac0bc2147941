import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../errors.js';
import { checkUserDataTemplate, MAX_USER_DATA_BYTES, renderUserData, userDataBytes, userDataPlaceholders, USER_DATA_VARIABLES } from './user-data.js';

const vars = { instance: 'i-123', profile: 'redis', cloud: 'sim', hostname: 'drover-redis-123' };

test('fills {{name}} and {{ name }}, every occurrence', () => {
  const out = renderUserData('#cloud-config\nhostname: {{hostname}}\nfqdn: {{ hostname }}.{{profile}}.local\n# {{instance}}@{{cloud}}', vars);
  assert.equal(out, '#cloud-config\nhostname: drover-redis-123\nfqdn: drover-redis-123.redis.local\n# i-123@sim');
});

test('leaves cloud-init Jinja and lone braces alone', () => {
  const text = '## template: jinja\nfqdn: {{ v1.local_hostname }} {{ds.meta_data.x}} { not } {{ }}';
  assert.equal(renderUserData(text, vars), text);
  assert.equal(renderUserData('no variables', {}), 'no variables');
});

test('an unknown variable is an InputError naming it', () => {
  assert.throws(
    () => renderUserData('a {{hostname}} b {{password}}', vars),
    (e: unknown) => e instanceof InputError && e.field === 'userData' && /unknown variable \{\{password\}\}/.test(e.message) && /variables: instance, profile, cloud, hostname/.test(e.message),
  );
  assert.throws(() => checkUserDataTemplate('{{x}}', ['y'], 'profile.userData'), { field: 'profile.userData', message: /\{\{x\}\}/ });
  assert.doesNotThrow(() => checkUserDataTemplate('{{instance}} {{profile}} {{cloud}} {{hostname}}'));
});

test('substituted values are not themselves expanded', () => {
  assert.equal(renderUserData('{{a}}', { a: '{{b}}', b: 'no' }), '{{b}}');
});

test('placeholders listed once, in order', () => {
  assert.deepEqual(userDataPlaceholders('{{b}} {{a}} {{ b }}'), ['b', 'a']);
  assert.deepEqual([...USER_DATA_VARIABLES], ['instance', 'profile', 'cloud', 'hostname']);
});

test("size counts bytes, under Nova's base64 limit", () => {
  assert.equal(userDataBytes('é'), 2);
  assert.ok(Math.ceil(MAX_USER_DATA_BYTES / 3) * 4 <= 65_535);
});
