import { ESLintUtils } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { applyDefault, createRule, REPOSITORY_URL } from '../../rules/utils/create-rule';

// The plugin's rule creator stands in for typescript-eslint's RuleCreator (which would load `typescript`):
// it must build the same rule module and merge options the same way.

const defaults = [{ closeMethods: ['close'], nested: { a: 1, b: [1] }, flag: false }] as const;

describe('applyDefault', () => {
  it.each([
    ['no options', undefined],
    ['an empty list', []],
    ['a scalar over an object', [true]],
    ['a partial object', [{ flag: true }]],
    ['a nested object, arrays replaced', [{ nested: { b: [2, 3] }, closeMethods: [] }]],
    ['an extra key', [{ other: 'x' }]],
  ])('merges %s as typescript-eslint does', (_name, given) => {
    expect(applyDefault(defaults, given)).toEqual(ESLintUtils.applyDefault(defaults as never, given as never));
  });

  it('changes neither the defaults nor the options given', () => {
    const given = [{ nested: { a: 2 } }];
    const merged = applyDefault(defaults, given) as unknown as Array<{ nested: { a: number } }>;
    merged[0]!.nested.a = 3;
    expect(defaults[0].nested.a).toBe(1);
    expect(given[0]!.nested.a).toBe(2);
  });
});

describe('createRule', () => {
  it('builds the module RuleCreator builds: docs URL, defaults, options merged before create', () => {
    const spec = {
      name: 'sample',
      meta: { type: 'problem' as const, docs: { description: 'd', recommended: true }, messages: { m: 'm' }, schema: [] },
      defaultOptions: [{ a: 1, b: 2 }] as [{ a: number; b: number }],
      create: (_context: unknown, options: readonly [{ a: number; b: number }]) => ({ Program: () => options }),
    };
    const ours = createRule(spec as never);
    const theirs = ESLintUtils.RuleCreator((name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`)(spec as never);
    expect({ ...ours, create: undefined }).toEqual({ ...theirs, create: undefined });
    expect(ours.meta.docs?.url).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/sample.md`);
    const context = { options: [{ b: 3 }] } as never;
    const listener = (rule: { create(context: never): Record<string, () => unknown> }) => rule.create(context).Program!();
    expect(listener(ours as never)).toEqual([{ a: 1, b: 3 }]);
    expect(listener(ours as never)).toEqual(listener(theirs as never));
  });
});
