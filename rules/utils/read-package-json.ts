import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The plugin's own package.json, found from the source (`rules/utils/`) and from the build (`dist/rules/utils/`) alike. */
export function readPackageJson(): { name: string; version: string } {
  for (let directory = __dirname; ; directory = dirname(directory)) {
    const file = join(directory, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'eslint-plugin-promise-lifetime') return { name: json.name, version: json.version ?? '0.0.0' };
    }
    if (dirname(directory) === directory) return { name: 'eslint-plugin-promise-lifetime', version: '0.0.0' };
  }
}
