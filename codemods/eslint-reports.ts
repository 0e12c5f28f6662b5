import { createRequire } from 'node:module';
import path from 'node:path';
import type { ESLint as ESLintClass, Linter } from 'eslint';
import type { AnalyzedFile } from '../analysis';
import { placeKey, ReportInbox, type RuleName, type RuleReports } from '../rules/utils/report-channel';

/*
 * The findings the codemod rewrites are the ones ESLint reports: each file is linted through ESLint's
 * Node API with the user's own flat config (found as `eslint` finds it, or the file `--config` names),
 * so the rules' options, type information (`projectService`) and disable directives all apply. Only
 * our two rules run (ESLint's `ruleFilter`); the rules hand their analysis over (report-channel.ts), and
 * ESLint's messages say which of its reports survived the directives.
 */

const RULES: readonly RuleName[] = ['no-outlived-promise', 'no-starved-promise'];

/** Our rule of a message's rule id, whatever namespace the config registered the plugin under. */
function ruleOf(ruleId: string | null): RuleName | null {
  if (ruleId === null) return null;
  return RULES.find((rule) => ruleId === rule || ruleId.endsWith(`/${rule}`)) ?? null;
}

export interface EslintSetup {
  /** The folder ESLint starts from (the user's project). */
  readonly cwd: string;
  /** A config file to use instead of the one ESLint would find. */
  readonly configFile?: string | undefined;
}

/** One of our rules' reports that ESLint kept, and its message. */
export interface KeptReport {
  readonly rule: RuleName;
  readonly message: Linter.LintMessage;
  /** The finding's or starvation's id, or null when no analysis of ours owns the report. */
  readonly id: string | null;
}

export interface EslintReports {
  /** The analysis the reports came from (the first rule's); null when no rule of ours reported. */
  readonly analyzed: AnalyzedFile | null;
  readonly kept: readonly KeptReport[];
  /** No config applies our rules to the file, or the config ignores it. */
  readonly ignored: boolean;
}

type EslintModule = { ESLint: typeof ESLintClass };

/** The user's ESLint (resolved from their project), else the one next to this package. */
function loadEslint(cwd: string): EslintModule {
  for (const from of [path.join(cwd, 'package.json'), __filename]) {
    try {
      return createRequire(from)('eslint') as EslintModule;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    }
  }
  throw new Error(`ESLint is not installed in ${cwd}: install it (npm install --save-dev eslint), or pass --no-config-lookup to use the plugin's defaults`);
}

/** ESLint cannot load the config (none found, a syntax error, a plugin missing): no file can be linted. */
export class EslintConfigError extends Error {}

export class EslintLinter {
  private readonly inbox = new ReportInbox();
  private readonly eslint: ESLintClass;

  constructor(setup: EslintSetup) {
    const { ESLint } = loadEslint(setup.cwd);
    const options: ESLintClass.Options = {
      cwd: setup.cwd,
      ...(setup.configFile !== undefined && { overrideConfigFile: path.resolve(setup.cwd, setup.configFile) }),
      // Other rules cannot change what we rewrite; running them would only cost time.
      ruleFilter: ({ ruleId }) => ruleOf(ruleId) !== null,
    };
    try {
      // Findings the user suppressed in bulk (`eslint-suppressions.json`) stay as they are, as `eslint` keeps them quiet.
      this.eslint = new ESLint({ ...options, applySuppressions: true } as ESLintClass.Options);
    } catch (error) {
      // ESLint 9 has bulk suppressions in its CLI only, and refuses the option.
      if (!/applySuppressions/.test((error as Error).message)) throw error;
      this.eslint = new ESLint(options);
    }
  }

  /**
   * Lints the text of a file as ESLint would lint the file, and returns what our rules reported and
   * ESLint kept. Throws an error naming the file when ESLint cannot parse it or its config fails.
   */
  async lint(filename: string, text: string): Promise<EslintReports> {
    let config: Linter.Config | undefined;
    try {
      if (await this.eslint.isPathIgnored(filename)) return { analyzed: null, kept: [], ignored: true };
      config = (await this.eslint.calculateConfigForFile(filename)) as Linter.Config | undefined;
    } catch (error) {
      throw new EslintConfigError(`ESLint cannot load its config for ${filename}: ${(error as Error).message}`, { cause: error });
    }
    const enabled = Object.entries(config?.rules ?? {}).some(([ruleId, entry]) => ruleOf(ruleId) !== null && severityOf(entry) > 0);
    if (!enabled) {
      this.inbox.take(filename);
      return { analyzed: null, kept: [], ignored: true };
    }
    const [result] = await this.eslint.lintText(text, { filePath: filename, warnIgnored: false });
    const reports = this.inbox.take(filename);
    const fatal = result?.messages.find((message) => message.fatal);
    if (fatal) throw new Error(`${filename}:${fatal.line}:${fatal.column}: cannot parse, left unchanged: ${fatal.message.replace(/^Parsing error: /, '')}`);
    // A processor (Markdown code blocks) lints other text than the file's: nothing here can be placed in it.
    const own = (rule: RuleName): RuleReports | undefined => (reports[rule]?.analyzed.context.source === text ? reports[rule] : undefined);
    const places = new Map<string, string>();
    for (const rule of RULES) for (const at of own(rule)?.reported ?? []) places.set(`${rule} ${placeKey(at)}`, at.id);
    const kept: KeptReport[] = [];
    for (const message of result?.messages ?? []) {
      const rule = ruleOf(message.ruleId);
      if (rule) kept.push({ rule, message, id: places.get(`${rule} ${placeKey(message)}`) ?? null });
    }
    const analyzed = own('no-outlived-promise')?.analyzed ?? own('no-starved-promise')?.analyzed ?? null;
    return { analyzed, kept, ignored: false };
  }
}

function severityOf(entry: Linter.RuleEntry | undefined): number {
  const level = Array.isArray(entry) ? entry[0] : entry;
  return level === 'error' || level === 2 ? 2 : level === 'warn' || level === 1 ? 1 : 0;
}

/** One linter per folder and config, for the life of the process (a jscodeshift worker lints many files). */
const linters = new Map<string, EslintLinter>();

export function eslintLinterFor(setup: EslintSetup): EslintLinter {
  const key = `${setup.cwd}\0${setup.configFile ?? ''}`;
  let linter = linters.get(key);
  if (!linter) {
    linter = new EslintLinter(setup);
    linters.set(key, linter);
  }
  return linter;
}
