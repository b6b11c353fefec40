// Type-checks every dashboard in ../dashboards against Grafana's schema (@grafana/schema's Dashboard):
// each JSON file becomes a TypeScript object literal typed as Dashboard, so an unknown key or a value of
// the wrong type is a compile error. The schema's TypeScript enums (ThresholdsMode, ...) are read as the
// string values JSON holds (Json<T>). Run: npm ci && node check.mjs [DASHBOARD_DIR]
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dashboards = process.argv[2] ?? join(here, '..', 'dashboards');
const out = join(here, '.gen');
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
const files = readdirSync(dashboards).filter((f) => f.endsWith('.json'));
if (files.length === 0) {
  console.error('no dashboards found in ' + dashboards);
  process.exit(1);
}
for (const f of files) {
  const json = JSON.parse(readFileSync(join(dashboards, f), 'utf8'));
  writeFileSync(join(out, f.replace(/\.json$/, '.ts')),
    "import type { Dashboard } from '@grafana/schema';\n\n"
    + '// the JSON form of a type: string enums become their string values, recursively\n'
    + 'type Json<T> = T extends string ? `${T}` : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;\n\n'
    + 'export const dashboard: Json<Dashboard> = ' + JSON.stringify(json, null, 2) + ';\n');
}
const tsconfig = {
  compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true },
  include: ['.gen/*.ts'],
};
writeFileSync(join(here, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2) + '\n');
try {
  execFileSync(process.execPath, [join(here, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
} catch (e) {
  console.error('dashboards do not match Grafana\'s schema');
  process.exit(1);
}
console.log(`schema check passed: ${files.join(', ')}`);
