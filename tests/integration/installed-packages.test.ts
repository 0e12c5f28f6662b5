import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../index';
import { apply } from '../helpers/apply-transform';

/*
 * A new user's project, without type information: `pg`, `ioredis` and `@aws-sdk/client-s3` are installed
 * from the registry (this repository's devDependencies), and `configs.recommended` learns from their own
 * declarations (`@types/pg`, ioredis' and the AWS SDK's `.d.ts` files) which calls are promises.
 */

const folder = path.join(__dirname, '..', 'fixtures', 'installed-packages');

async function lint(file: string, ruleOptions?: object): Promise<Array<{ line: number; message: string }>> {
  const eslint = new ESLint({
    cwd: folder,
    overrideConfigFile: true,
    overrideConfig: [
      plugin.configs.recommended as Linter.Config,
      ...(ruleOptions ? [{ rules: { 'promise-lifetime/no-outlived-promise': ['error', ruleOptions] as ['error', object] } }] : []),
    ],
  });
  const [result] = await eslint.lintFiles([path.join(folder, file)]);
  return result!.messages.map((message) => ({ line: message.line, message: message.message }));
}

describe('installed packages, read from their declarations', () => {
  it('reports `pool.query()` before `pool.end()` (pg, with @types/pg)', async () => {
    expect(await lint('pg-pool.js')).toEqual([
      {
        line: 6,
        message: "`pool.query('delete from sessions where expired')` is still pending when `pool.end()` (line 7) closes `pool`, which it still uses.",
      },
    ]);
  });

  it('reports `redis.set()` before `redis.quit()` (ioredis)', async () => {
    expect(await lint('redis-quit.js')).toEqual([
      { line: 6, message: '`redis.set(key, value)` is still pending when `redis.quit()` (line 7) closes `redis`, which it still uses.' },
    ]);
  });

  it('reports `client.send(command)` in a Lambda handler that returns (@aws-sdk/client-s3)', async () => {
    const messages = await lint('s3-handler.mjs');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      line: 7,
      message: expect.stringMatching(/^`client\.send\(command\)` is still pending when the Lambda handler returns \(line 8\)/),
    });
  });

  it('stays silent where the declarations select no promise, and for values it cannot know', async () => {
    expect(await lint('pg-callback.js')).toEqual([]);
    expect(await lint('unknown-values.js')).toEqual([]);
  });

  it('reads no package declarations with `followPackageTypes: false`', async () => {
    expect(await lint('pg-pool.js', { followPackageTypes: false })).toEqual([]);
  });

  it('the codemod sees the same finding and awaits the query', () => {
    const file = path.join(folder, 'pg-pool.js');
    const result = apply(readFileSync(file, 'utf8'), file);
    expect(result.output).toContain("  await pool.query('delete from sessions where expired');\n  await pool.end();");
  });
});
