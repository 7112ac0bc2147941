/**
 * The layering rule of ../shared/STYLE.md, checked on every import in src/.
 * Tests (*.test.ts) and the contract suite may import anything; production code may
 * only import along the arrows below. Exits 1 listing every violation.
 *
 *   core        <- everything; imports nothing but core, no I/O, no clock
 *   drivers     -> core (each driver folder: not another driver, not the store)
 *   store       -> core
 *   controllers -> core, driver + store INTERFACES; one controller never imports another
 *   api         -> core, store interface, controllers' pure helpers (not drivers)
 *   cli         -> core, main (only `drover up` starts a server)
 *   sim         -> core, drivers
 *   main        -> anything (the composition root)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const INTERFACES = new Set(['drivers/cloud-driver.ts', 'drivers/power-driver.ts', 'drivers/notifier.ts', 'drivers/metric-source.ts', 'store/store.ts']);
const allowed: Record<string, (target: string, from: string) => boolean> = {
  core: (t) => t.startsWith('core/'),
  // A driver folder may use the interfaces and helpers at the top of drivers/, never another driver.
  drivers: (t, f) => t.startsWith('core/') || sameDriver(t, f) || (t.startsWith('drivers/') && !t.slice(8).includes('/')),
  store: (t) => t.startsWith('core/') || t.startsWith('store/'),
  controllers: (t, f) => t.startsWith('core/') || INTERFACES.has(t) || t.startsWith('controllers/runtime/') || sameFolder(t, f) || t.startsWith('controllers/shared/'),
  api: (t) => t.startsWith('core/') || INTERFACES.has(t) || t.startsWith('api/') || t.startsWith('controllers/shared/'),
  cli: (t) => t.startsWith('core/') || t.startsWith('cli/') || t.startsWith('main/'),
  sim: (t) => t.startsWith('core/') || t.startsWith('sim/') || t.startsWith('drivers/'),
  main: () => true,
};

function sameFolder(t: string, f: string): boolean {
  return dirname(t) === dirname(f) || dirname(t).startsWith(`${dirname(f)}/`);
}
function sameDriver(t: string, f: string): boolean {
  const top = f.split('/').slice(0, 2).join('/');
  return f.split('/').length > 2 && t.startsWith(`${top}/`);
}

const FORBIDDEN_IN_CORE: [RegExp, string][] = [
  [/\bDate\.now\s*\(/, 'reads the clock (Date.now): take time as an argument'],
  [/\bnew Date\s*\(\s*\)/, 'reads the clock (new Date()): take time as an argument'],
  [/\bsetTimeout\s*\(|\bsetInterval\s*\(/, 'uses timers: core is pure'],
  [/\bfetch\s*\(/, 'does I/O (fetch)'],
  [/\bprocess\./, 'reads the process environment'],
  [/\bMath\.random\s*\(/, 'uses unseeded randomness: take a random source as an argument'],
];

const problems: string[] = [];
for (const file of files(src)) {
  const rel = relative(src, file).split('\\').join('/');
  const layer = rel.split('/')[0]!;
  const isTest = rel.endsWith('.test.ts') || rel.endsWith('-test-kit.ts') || rel.startsWith('drivers/contract/') || rel.includes('/testing/');
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
  for (const spec of specs) {
    if (layer === 'core' && !isTest && !spec.startsWith('.')) {
      problems.push(`${rel}: core imports '${spec}' (core imports nothing outside core)`);
      continue;
    }
    if (!spec.startsWith('.')) continue;
    const target = relative(src, resolve(dirname(file), spec)).split('\\').join('/').replace(/\.js$/, '.ts');
    if (isTest) continue;
    const rule = allowed[layer];
    if (rule && !rule(target, rel)) problems.push(`${rel}: imports ${target} (not allowed for ${layer}/)`);
  }
  if (layer === 'core' && !isTest) {
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const [re, why] of FORBIDDEN_IN_CORE) if (re.test(code)) problems.push(`${rel}: ${why}`);
  }
}

if (problems.length > 0) {
  console.error(`layering: ${problems.length} violation(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('layering: ok');
