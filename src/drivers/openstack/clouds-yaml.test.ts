import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, describe, test } from 'node:test';
import { InputError } from '../../core/errors.js';
import { loadCloudConfig, type LoadCloudOptions } from './clouds-yaml.js';

const root = mkdtempSync(join(tmpdir(), 'drover-clouds-'));
after(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh cwd and home, and an environment that points nowhere else. */
function sandbox(): { cwd: string; home: string; env: Record<string, string>; opts: (o?: LoadCloudOptions) => LoadCloudOptions } {
  const dir = join(root, String(n++));
  const cwd = join(dir, 'cwd');
  const home = join(dir, 'home');
  mkdirSync(cwd, { recursive: true });
  mkdirSync(home, { recursive: true });
  const env: Record<string, string> = { XDG_CONFIG_DIRS: join(dir, 'xdg-site') };
  const warnings: string[] = [];
  return { cwd, home, env, opts: (o = {}) => ({ cwd, home, env, warn: (m) => warnings.push(m), ...o }) };
}

function write(path: string, text: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const CLOUD = (authUrl: string, extra = ''): string => `clouds:
  a:
    auth:
      auth_url: ${authUrl}
      username: admin
      password: s3cret-pw
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
${extra}`;

describe('clouds.yaml search order', () => {
  test('the working directory beats ~/.config/openstack, which beats nothing', () => {
    const s = sandbox();
    write(join(s.home, '.config/openstack/clouds.yaml'), CLOUD('http://home:5000/v3'));
    assert.equal(loadCloudConfig(s.opts()).auth.authUrl, 'http://home:5000/v3');
    const here = write(join(s.cwd, 'clouds.yaml'), CLOUD('http://cwd:5000/v3'));
    const c = loadCloudConfig(s.opts());
    assert.equal(c.auth.authUrl, 'http://cwd:5000/v3');
    assert.equal(c.sourceFile, here);
  });

  test('OS_CLIENT_CONFIG_FILE beats every other place', () => {
    const s = sandbox();
    write(join(s.cwd, 'clouds.yaml'), CLOUD('http://cwd:5000/v3'));
    s.env.OS_CLIENT_CONFIG_FILE = write(join(s.home, 'elsewhere.yaml'), CLOUD('http://env:5000/v3'));
    assert.equal(loadCloudConfig(s.opts()).auth.authUrl, 'http://env:5000/v3');
  });

  test('XDG_CONFIG_HOME is searched before ~/.config; .yaml before .yml before .json', () => {
    const s = sandbox();
    s.env.XDG_CONFIG_HOME = join(s.home, 'xdg');
    write(join(s.home, '.config/openstack/clouds.yaml'), CLOUD('http://home:5000/v3'));
    write(join(s.home, 'xdg/openstack/clouds.json'), JSON.stringify({ clouds: { a: { auth: { auth_url: 'http://json:5000/v3', username: 'u', password: 'p', user_domain_id: 'default' } } } }));
    assert.equal(loadCloudConfig(s.opts()).auth.authUrl, 'http://json:5000/v3');
    write(join(s.home, 'xdg/openstack/clouds.yml'), CLOUD('http://yml:5000/v3'));
    assert.equal(loadCloudConfig(s.opts()).auth.authUrl, 'http://yml:5000/v3');
  });

  test('secure.yaml is merged into the cloud, so the password can live apart', () => {
    const s = sandbox();
    write(join(s.cwd, 'clouds.yaml'), CLOUD('http://k:5000/v3').replace('      password: s3cret-pw\n', ''));
    const sec = write(join(s.home, '.config/openstack/secure.yaml'), 'clouds:\n  a:\n    auth:\n      password: from-secure\n');
    const c = loadCloudConfig(s.opts());
    assert.equal(c.auth.type, 'password');
    assert.equal(c.auth.type === 'password' && c.auth.password.reveal(), 'from-secure');
    assert.equal(c.auth.type === 'password' && c.auth.username, 'admin');
    assert.equal(c.secureFile, sec);
  });
});

describe('cloud selection and errors', () => {
  const two = CLOUD('http://k:5000/v3') + '  b:\n    auth:\n      auth_url: http://b:5000/v3\n      username: u\n      password: p\n      user_domain_name: D\n';

  test('OS_CLOUD picks the cloud; a single cloud needs no name; several need one', () => {
    const s = sandbox();
    const file = write(join(s.cwd, 'clouds.yaml'), two);
    assert.throws(() => loadCloudConfig(s.opts()), (e: Error) => e instanceof InputError && /several clouds \(a, b\)/.test(e.message) && e.message.includes(file));
    s.env.OS_CLOUD = 'b';
    assert.equal(loadCloudConfig(s.opts()).auth.authUrl, 'http://b:5000/v3');
    assert.equal(loadCloudConfig(s.opts({ cloud: 'a' })).auth.authUrl, 'http://k:5000/v3');
  });

  test('an unknown cloud is named together with the file and the clouds it has', () => {
    const s = sandbox();
    const file = write(join(s.cwd, 'clouds.yaml'), two);
    assert.throws(() => loadCloudConfig(s.opts({ cloud: 'nope' })), (e: Error) =>
      e instanceof InputError && e.message.includes('cloud nope not found') && e.message.includes(file) && e.message.includes('a, b'));
  });

  test('a missing auth field is named with its file and key, and no secret is printed', () => {
    const s = sandbox();
    const file = write(join(s.cwd, 'clouds.yaml'), CLOUD('http://k:5000/v3').replace('      user_domain_name: Default\n', ''));
    assert.throws(() => loadCloudConfig(s.opts()), (e: Error) =>
      e instanceof InputError && e.message.includes(`${file}: clouds.a.auth.user_domain_name`) && !e.message.includes('s3cret-pw'));
    write(join(s.cwd, 'clouds.yaml'), CLOUD('http://k:5000/v3').replace('      password: s3cret-pw\n', ''));
    assert.throws(() => loadCloudConfig(s.opts()), /clouds\.a\.auth\.password is missing/);
  });

  test('an unparsable file is skipped with a warning that does not quote it', () => {
    const s = sandbox();
    write(join(s.cwd, 'clouds.yaml'), 'clouds: [ {password: "s3cret-pw"\n');
    write(join(s.home, '.config/openstack/clouds.yaml'), CLOUD('http://home:5000/v3'));
    const warnings: string[] = [];
    assert.equal(loadCloudConfig({ ...s.opts(), warn: (m) => warnings.push(m) }).auth.authUrl, 'http://home:5000/v3');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /skipping config file .*cwd\/clouds\.yaml/);
    assert.ok(!warnings[0]!.includes('s3cret'));
  });
});

describe('values', () => {
  test('legacy spellings: tenant_name, domain_name spread, top-level username, endpoint_type', () => {
    const s = sandbox();
    write(join(s.cwd, 'clouds.yaml'), `clouds:
  old:
    username: top-user
    password: pw
    tenant-name: proj
    domain_name: Dom
    endpoint_type: internalURL
    auth:
      auth_url: http://k:5000
`);
    const c = loadCloudConfig(s.opts());
    assert.equal(c.interface, 'internal');
    assert.equal(c.auth.type, 'password');
    if (c.auth.type !== 'password') return;
    assert.equal(c.auth.username, 'top-user');
    assert.equal(c.auth.userDomainName, 'Dom');
    assert.deepEqual(c.auth.scope, { kind: 'project', projectName: 'proj', projectDomainName: 'Dom' });
  });

  test('domain scope, application credentials, and unsupported auth types', () => {
    const s = sandbox();
    write(join(s.cwd, 'clouds.yaml'), `clouds:
  dom:
    auth: {auth_url: 'http://k/v3', username: u, password: p, user_domain_id: default, domain_name: Ops}
  app:
    auth_type: v3applicationcredential
    auth: {auth_url: 'http://k/v3', application_credential_id: abc, application_credential_secret: shh}
  tok:
    auth_type: v3oidcpassword
    auth: {auth_url: 'http://k/v3'}
`);
    const dom = loadCloudConfig(s.opts({ cloud: 'dom' }));
    assert.deepEqual(dom.auth.type === 'password' && dom.auth.scope, { kind: 'domain', domainName: 'Ops' });
    const app = loadCloudConfig(s.opts({ cloud: 'app' }));
    assert.equal(app.auth.type, 'application-credential');
    assert.equal(app.auth.type === 'application-credential' && app.auth.id, 'abc');
    assert.equal(app.auth.type === 'application-credential' && app.auth.secret.reveal(), 'shh');
    assert.throws(() => loadCloudConfig(s.opts({ cloud: 'tok' })), /auth_type: v3oidcpassword is not supported/);
  });

  test('regions, interfaces, endpoint overrides, TLS settings and api versions', () => {
    const s = sandbox();
    write(join(s.cwd, 'clouds.yaml'), CLOUD('http://k:5000/v3', `    regions:
      - name: R1
      - name: R2
        values:
          compute_endpoint_override: http://nova-r2:8774/v2.1
    interface: admin
    network_interface: internal
    image_endpoint_override: http://glance:9292
    compute_api_version: '2.60'
    insecure: true
    cacert: /etc/ssl/ca.pem
    api_timeout: 30
`));
    const r1 = loadCloudConfig(s.opts());
    assert.equal(r1.regionName, 'R1');
    assert.equal(r1.interface, 'admin');
    assert.deepEqual(r1.serviceInterfaces, { network: 'internal' });
    assert.deepEqual(r1.endpointOverrides, { image: 'http://glance:9292' });
    assert.equal(r1.apiVersions.compute, '2.60');
    assert.equal(r1.verify, false);
    assert.equal(r1.cacert, '/etc/ssl/ca.pem');
    assert.equal(r1.apiTimeoutMs, 30_000);
    const r2 = loadCloudConfig(s.opts({ regionName: 'R2' }));
    assert.equal(r2.endpointOverrides.compute, 'http://nova-r2:8774/v2.1');
    assert.throws(() => loadCloudConfig(s.opts({ regionName: 'R9' })), /region R9 is not one of R1, R2/);
  });

  test('Keystone v2 is refused by name', () => {
    const s = sandbox();
    write(join(s.cwd, 'clouds.yaml'), CLOUD('http://k:5000/v2.0', '    identity_api_version: 2\n'));
    assert.throws(() => loadCloudConfig(s.opts()), /identity_api_version: only Keystone v3/);
  });

  test('a cloud made of OS_* environment variables, as openstacksdk makes one', () => {
    const s = sandbox();
    Object.assign(s.env, {
      OS_AUTH_URL: 'http://env:5000/v3', OS_USERNAME: 'eu', OS_PASSWORD: 'ep', OS_PROJECT_NAME: 'ep',
      OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default', OS_REGION_NAME: 'RegionOne',
    });
    const c = loadCloudConfig(s.opts());
    assert.equal(c.name, 'envvars');
    assert.equal(c.auth.authUrl, 'http://env:5000/v3');
    assert.equal(c.regionName, 'RegionOne');
  });

  test('the loaded config can be logged: secrets print as ***', () => {
    const s = sandbox();
    write(join(s.cwd, 'clouds.yaml'), CLOUD('http://k:5000/v3'));
    const c = loadCloudConfig(s.opts());
    assert.ok(!JSON.stringify(c).includes('s3cret-pw'));
    assert.ok(!inspect(c, { depth: 10 }).includes('s3cret-pw'));
    assert.ok(!String(c.auth.type === 'password' && c.auth.password).includes('s3cret-pw'));
  });
});

/** The oracle: Debian's python3-openstacksdk, asked the same question in the same sandbox. */
function sdkAvailable(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import openstack.config'], { stdio: 'ignore' }).status === 0;
}

type Sandbox = ReturnType<typeof sandbox>;

/** What openstacksdk resolves in this sandbox (cwd, HOME, env), as JSON. */
function sdkView(s: Sandbox): { file: string | null; secure: string | null; region: string | null; interface: string; auth: Record<string, string | null> } {
  const py = `
import json, openstack.config as c
cfg = c.OpenStackConfig()
one = cfg.get_one(validate=True)
a = one.config['auth']
print(json.dumps({'file': cfg.config_filename, 'secure': getattr(cfg, 'secure_config_filename', None), 'region': one.region_name or None,
  'interface': one.config.get('interface'), 'auth': {k: a.get(k) for k in KEYS}}))
`.replace('KEYS', JSON.stringify(AUTH_KEYS));
  const env = { PATH: '/usr/bin:/bin', HOME: s.home, ...s.env };
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { cwd: s.cwd, env, encoding: 'utf8' }));
}

const AUTH_KEYS = ['auth_url', 'username', 'password', 'project_name', 'project_id', 'user_domain_name', 'project_domain_name'];

function ourView(s: Sandbox) {
  const c = loadCloudConfig(s.opts());
  assert.equal(c.auth.type, 'password');
  const a = c.auth as Extract<typeof c.auth, { type: 'password' }>;
  const p = a.scope.kind === 'project' ? a.scope : null;
  const auth: Record<string, string | null> = {
    auth_url: a.authUrl, username: a.username ?? null, password: a.password.reveal(), project_name: p?.projectName ?? null,
    project_id: p?.projectId ?? null, user_domain_name: a.userDomainName ?? null, project_domain_name: p?.projectDomainName ?? null,
  };
  return { file: c.sourceFile, secure: c.secureFile, region: c.regionName, interface: c.interface, auth };
}

/** Sandboxes in which openstacksdk and the loader must pick the same file and values. */
const ORACLE_CASES: [string, (s: Sandbox) => void][] = [
  ['cwd clouds.yml beats ~/.config; secure.yaml merged; OS_CLOUD picks; region_name', (s) => {
    write(join(s.home, '.config/openstack/clouds.yaml'), CLOUD('http://home:5000/v3'));
    write(join(s.cwd, 'clouds.yml'), `clouds:
  x:
    region_name: RegionTwo
    auth: {auth_url: 'http://cwd:5000/v3', username: u, project_name: p, user_domain_name: D, project_domain_name: D}
  y:
    auth: {auth_url: 'http://y/v3', username: v, password: w, user_domain_id: default, project_id: abc}
`);
    write(join(s.home, '.config/openstack/secure.yaml'), 'clouds:\n  x:\n    auth:\n      password: sec\n');
    s.env.OS_CLOUD = 'x';
  }],
  ['OS_CLIENT_CONFIG_FILE beats the working directory', (s) => {
    write(join(s.cwd, 'clouds.yaml'), CLOUD('http://cwd:5000/v3'));
    s.env.OS_CLIENT_CONFIG_FILE = write(join(s.home, 'custom.yaml'), CLOUD('http://custom:5000/v3'));
  }],
  ['XDG_CONFIG_HOME, clouds.json; the only cloud needs no name', (s) => {
    s.env.XDG_CONFIG_HOME = join(s.home, 'xdg');
    write(join(s.home, 'xdg/openstack/clouds.json'), JSON.stringify({ clouds: { j: { auth: { auth_url: 'http://json/v3', username: 'ju', password: 'jp', project_id: 'pid', user_domain_name: 'Default' } } } }));
  }],
  ['legacy keys: tenant_name, domain_name spread, top-level username, endpoint_type', (s) => {
    write(join(s.cwd, 'clouds.yaml'), `clouds:
  old:
    username: top-user
    password: pw
    tenant-name: proj
    domain_name: Dom
    endpoint_type: internal
    auth:
      auth_url: http://k:5000
`);
  }],
  ['OS_* variables make the cloud when OS_CLOUD is unset', (s) => {
    Object.assign(s.env, {
      OS_AUTH_URL: 'http://env:5000/v3', OS_USERNAME: 'eu', OS_PASSWORD: 'ep', OS_PROJECT_NAME: 'eproj',
      OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default', OS_REGION_NAME: 'RegionOne', OS_INTERFACE: 'admin',
    });
  }],
  ['a regions list: the first region, with its values', (s) => {
    write(join(s.cwd, 'clouds.yaml'), CLOUD('http://k:5000/v3', `    regions:
      - name: R1
        values:
          interface: internal
      - R2
`));
  }],
];

describe('agrees with openstacksdk (Debian python3-openstacksdk as the oracle)', () => {
  for (const [name, setup] of ORACLE_CASES) {
    test(name, (t) => {
      if (!sdkAvailable()) {
        t.skip('openstacksdk oracle not run: Debian package python3-openstacksdk is not installed (/usr/bin/python3 -c "import openstack" fails)');
        return;
      }
      const s = sandbox();
      setup(s);
      const sdk = sdkView(s);
      const ours = ourView(s);
      if (sdk.secure === null) ours.secure = null; // openstacksdk before 1.0 does not report the secure file
      // openstacksdk names the clouds.yaml it read even when the cloud came from OS_*
      // variables; sourceFile is null then, by design (no value came from that file).
      if (ours.file === null && s.env.OS_AUTH_URL) ours.file = sdk.file;
      assert.deepEqual(ours, sdk);
    });
  }
});
