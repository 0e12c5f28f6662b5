import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from './rules';

/*
 * The plugin's presets, derived from each rule's meta (`meta.docs.recommended`), never listed by hand;
 * tests/meta/package.test.ts compares them with a written expectation.
 */

export type RuleId = keyof typeof rules;
export type RuleLevel = 'error' | 'warn' | 'off';

export interface PromiseLifetimeConfigs {
  /** Every recommended rule; works without type information. */
  recommended: TSESLint.FlatConfig.Config;
  /** The same rules, with the parser asked for type information (more promises recognised). */
  'recommended-type-checked': TSESLint.FlatConfig.Config;
  /** Every rule of the plugin. */
  all: TSESLint.FlatConfig.Config;
}

export interface PromiseLifetimePlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: PromiseLifetimeConfigs;
}

function ruleLevels(namespace: string, select: (id: RuleId) => boolean): Record<string, RuleLevel> {
  const levels: Record<string, RuleLevel> = {};
  for (const id of Object.keys(rules) as RuleId[]) if (select(id)) levels[`${namespace}/${id}`] = 'error';
  return levels;
}

const recommended = (id: RuleId): boolean => rules[id].meta.docs?.recommended === true;

/**
 * Adds the presets to `configs` as getters, so that `plugins: { [namespace]: plugin }` in each refers to the
 * finished plugin object.
 */
export function definePresets(configs: PromiseLifetimeConfigs, namespace: string, plugin: TSESLint.FlatConfig.Plugin): void {
  Object.defineProperties(configs, {
    recommended: {
      enumerable: true,
      get: (): TSESLint.FlatConfig.Config => ({
        name: `${namespace}/recommended`,
        plugins: { [namespace]: plugin },
        rules: ruleLevels(namespace, recommended),
      }),
    },
    'recommended-type-checked': {
      enumerable: true,
      get: (): TSESLint.FlatConfig.Config => ({
        name: `${namespace}/recommended-type-checked`,
        plugins: { [namespace]: plugin },
        languageOptions: { parserOptions: { projectService: true } },
        rules: ruleLevels(namespace, recommended),
      }),
    },
    all: {
      enumerable: true,
      get: (): TSESLint.FlatConfig.Config => ({
        name: `${namespace}/all`,
        plugins: { [namespace]: plugin },
        rules: ruleLevels(namespace, () => true),
      }),
    },
  });
}
