import type { TSESLint } from '@typescript-eslint/utils';
import { definePresets, type PromiseLifetimeConfigs, type PromiseLifetimePlugin } from './configs';
import { rules } from './rules';
import { readPackageJson } from './rules/utils/read-package-json';

/*
 * The ESLint plugin: its rules (rules/) and its presets (configs.ts). Add `promiseLifetime.configs.recommended`
 * to `eslint.config.js`. The analysis behind the rules is in analysis/, the codemod in codemods/.
 */

const { name, version } = readPackageJson();
const namespace = 'promise-lifetime';

const plugin: PromiseLifetimePlugin = {
  meta: { name, version, namespace },
  rules,
  configs: {} as PromiseLifetimeConfigs,
};
definePresets(plugin.configs, namespace, plugin as unknown as TSESLint.FlatConfig.Plugin);

export = plugin;
