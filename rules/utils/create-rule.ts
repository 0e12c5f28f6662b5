import type { ESLintUtils, TSESLint } from '@typescript-eslint/utils';

/*
 * The plugin's own rule creator, in place of `ESLintUtils.RuleCreator`: @typescript-eslint/utils
 * peer-depends on `typescript`, which npm 7+ installs with it, so loading it at run time would put 24 MB of
 * TypeScript into every plain JavaScript project. Only its types are used (it is a devDependency and an
 * optional peer, for the published .d.ts); the behaviour below is RuleCreator's (8.x), tested in
 * tests/rules/create-rule.test.ts: the docs URL, and the user's options deep-merged over the defaults.
 */

export interface PromiseLifetimeDocs {
  description: string;
  /** Whether the rule is in `configs.recommended` (and so in `configs['recommended-type-checked']`). */
  recommended?: boolean;
  /** The rule needs type information to work at all (ours only get more precise with it). */
  requiresTypeChecking?: boolean;
}

export const REPOSITORY_URL = 'https://github.com/promise-lifetime/eslint-plugin-promise-lifetime';

function isObjectNotArray(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `second`'s properties over `first`'s, objects (not arrays) merged key by key; neither is changed. */
export function deepMerge(first: Record<string, unknown>, second: Record<string, unknown>): Record<string, unknown> {
  const keys = new Set([...Object.keys(first), ...Object.keys(second)]);
  return Object.fromEntries(
    [...keys].map((key) => {
      const [a, b] = [first[key], second[key]];
      if (!(key in second)) return [key, a];
      if (!(key in first)) return [key, b];
      return [key, isObjectNotArray(a) && isObjectNotArray(b) ? deepMerge(a, b) : b];
    }),
  );
}

/** Each option the user gave over its default (objects deep-merged), the defaults cloned so no lint run shares them. */
export function applyDefault<Options extends readonly unknown[]>(defaults: Readonly<Options>, given: readonly unknown[] | undefined): Options {
  const options = structuredClone(defaults) as unknown as unknown[];
  if (given == null) return options as unknown as Options;
  options.forEach((option, index) => {
    const user = given[index];
    if (user === undefined) return;
    options[index] = isObjectNotArray(user) && isObjectNotArray(option) ? deepMerge(option, user) : user;
  });
  return options as unknown as Options;
}

/** One `createRule` for the plugin: typed docs, and `meta.docs.url` pointing at the rule's page. */
export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  meta,
  name,
  create,
  defaultOptions,
}: Readonly<ESLintUtils.RuleWithMetaAndName<Options, MessageIds, PromiseLifetimeDocs>>): TSESLint.RuleModule<MessageIds, Options, PromiseLifetimeDocs> & {
  name: string;
} {
  const defaults = (meta.defaultOptions ?? defaultOptions ?? []) as Readonly<Options>;
  return {
    create: (context) => create(context, applyDefault(defaults, context.options)),
    defaultOptions: defaultOptions ?? defaults,
    meta: { ...meta, docs: { ...meta.docs, url: `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md` } },
    name,
  };
}
