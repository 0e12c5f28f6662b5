import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from './all-rules';
import type { PromiseLifetimeConfigs, PromiseLifetimePlugin, RuleId, RuleLevel } from './plugin-types';
import { readPackageJson } from './utils/read-package-json';

const { name, version } = readPackageJson();

const namespace = 'promise-lifetime';

/** `recommended` is derived from each rule's `meta.docs.recommended`, never listed by hand. */
function ruleLevels(select: (id: RuleId) => boolean): Record<string, RuleLevel> {
  const levels: Record<string, RuleLevel> = {};
  for (const id of Object.keys(rules) as RuleId[]) if (select(id)) levels[`${namespace}/${id}`] = 'error';
  return levels;
}

const plugin: PromiseLifetimePlugin = {
  meta: { name, version, namespace },
  rules,
  configs: {} as PromiseLifetimeConfigs,
};

// Configs reach the plugin through getters so that `plugins: { 'promise-lifetime': plugin }` refers to the finished object.
Object.defineProperties(plugin.configs, {
  recommended: {
    enumerable: true,
    get: (): TSESLint.FlatConfig.Config => ({
      name: `${namespace}/recommended`,
      plugins: { [namespace]: plugin as unknown as TSESLint.FlatConfig.Plugin },
      rules: ruleLevels((id) => rules[id].meta.docs?.recommended === true),
    }),
  },
  'recommended-type-checked': {
    enumerable: true,
    get: (): TSESLint.FlatConfig.Config => ({
      name: `${namespace}/recommended-type-checked`,
      plugins: { [namespace]: plugin as unknown as TSESLint.FlatConfig.Plugin },
      languageOptions: { parserOptions: { projectService: true } },
      rules: ruleLevels((id) => rules[id].meta.docs?.recommended === true),
    }),
  },
  all: {
    enumerable: true,
    get: (): TSESLint.FlatConfig.Config => ({
      name: `${namespace}/all`,
      plugins: { [namespace]: plugin as unknown as TSESLint.FlatConfig.Plugin },
      rules: ruleLevels(() => true),
    }),
  },
});

export = plugin;
