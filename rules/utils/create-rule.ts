import { ESLintUtils } from '@typescript-eslint/utils';

export interface PromiseLifetimeDocs {
  description: string;
  /** Whether the rule is in `configs.recommended` (and so in `configs['recommended-type-checked']`). */
  recommended?: boolean;
  /** The rule needs type information to work at all (ours only get more precise with it). */
  requiresTypeChecking?: boolean;
}

export const REPOSITORY_URL = 'https://github.com/promise-lifetime/eslint-plugin-promise-lifetime';

/** One `createRule` for the plugin: typed docs, and `meta.docs.url` pointing at the rule's page. */
export const createRule = ESLintUtils.RuleCreator<PromiseLifetimeDocs>((name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`);
