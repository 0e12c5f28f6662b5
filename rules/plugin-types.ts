import type { TSESLint } from '@typescript-eslint/utils';
import type { rules } from './all-rules';

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
