import { existsSync } from 'node:fs';
import path from 'node:path';
import type { InvalidTestCase, RuleTester, RunTests, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { InferMessageIdsTypeFromRule, InferOptionsTypeFromRule } from '@typescript-eslint/utils/eslint-utils';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import { createRuleTester, createTypedRuleTester, createVirtualFilesTypedRuleTester, typedFixturesDir } from '../rule-tester';

/*
 * The shape of the rules' test cases. Each case is declared once, in the section of its rule's folder
 * that it is about (tests/rules/<rule>/<section>.cases.ts), and runs in both modes: without type
 * information (createRuleTester, files under tests/fixtures/esm-package/ unless the case names one) and
 * with it (files under tests/fixtures/typed/, the typed fixture project). A case that can run in one
 * mode only says so, and why:
 *
 * - `typed: 'only'`: its code means something only to the checker (`declare function work(): Promise<void>`),
 *   or types change the answer (then a `typed: 'never'` twin states the answer without them);
 * - `typed: 'never'`: its file is outside the typed fixture project, or types change the answer.
 *
 * tests/codemods/rule-cases-sweep.test.ts and tests/analysis/parity-rule-cases.test.ts read every case.
 */

/** Where a case runs: unmarked, in both modes. */
export type Typing = { readonly typed?: undefined; readonly reason?: undefined } | { readonly typed: 'only' | 'never'; readonly reason: string };

export type ValidCase<Options extends readonly unknown[]> = string | (ValidTestCase<Options> & Typing);
export type InvalidCase<MessageIds extends string, Options extends readonly unknown[]> = InvalidTestCase<MessageIds, Options> & Typing;

export interface CaseSection<MessageIds extends string, Options extends readonly unknown[]> {
  /** What the cases are about (`exit`, `handler-end`, `busy-wait`): the section's file name and the name of its runs. */
  readonly name: string;
  readonly valid: readonly ValidCase<Options>[];
  readonly invalid: readonly InvalidCase<MessageIds, Options>[];
}

/** A section of `Rule`'s cases: `Section<typeof rule>`. */
export type Section<Rule> = CaseSection<Extract<InferMessageIdsTypeFromRule<Rule>, string>, Extract<InferOptionsTypeFromRule<Rule>, readonly unknown[]>>;

export type Mode = 'untyped' | 'typed';

type AnyRule<MessageIds extends string, Options extends readonly unknown[]> = RuleModule<MessageIds, Options, unknown>;
type Case<MessageIds extends string, Options extends readonly unknown[]> = ValidCase<Options> | InvalidCase<MessageIds, Options>;

function runsIn(item: Typing, mode: Mode): boolean {
  return mode === 'typed' ? item.typed !== 'never' : item.typed !== 'only';
}

/**
 * Where a case's file is when it runs typed: a file name relative to the typed fixture folder (absolute ones
 * must be inside it). `onDisk`: the project has it (`file.ts`, `cross-module/main.ts`), and the typed tester
 * wants it relative; otherwise it is a virtual file of the folder, linted by the project service, by its
 * absolute path.
 */
export function typedFile(filename: string = 'file.ts'): { readonly filename: string; readonly onDisk: boolean } {
  const absolute = path.resolve(typedFixturesDir, filename);
  const relative = path.relative(typedFixturesDir, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(`${filename} is outside ${typedFixturesDir}, where the typed tests lint: mark its case \`typed: 'never'\``);
  }
  return existsSync(absolute) ? { filename: relative, onDisk: true } : { filename: absolute, onDisk: false };
}

interface ModeRuns<MessageIds extends string, Options extends readonly unknown[]> {
  /** Untyped: every case of the mode. Typed: the cases whose file the typed project has on disk. */
  readonly main: RunTests<MessageIds, Options>;
  /** Typed only: the cases whose file is virtual (see `typedFile`). */
  readonly virtualFiles: RunTests<MessageIds, Options>;
}

/** A section's cases that run in `mode`, as RuleTester takes them (no `typed`/`reason`; typed file names as `typedFile` says). */
export function casesFor<MessageIds extends string, Options extends readonly unknown[]>(
  section: CaseSection<MessageIds, Options>,
  mode: Mode,
): ModeRuns<MessageIds, Options> {
  const main: RunTests<MessageIds, Options> = { valid: [], invalid: [] };
  const virtualFiles: RunTests<MessageIds, Options> = { valid: [], invalid: [] };
  const place = <T extends ValidTestCase<Options>>(item: T & Typing, kind: 'valid' | 'invalid'): void => {
    if (!runsIn(item, mode)) return;
    const { typed: _typed, reason: _reason, ...test } = item;
    if (mode === 'untyped') {
      (main[kind] as T[]).push(test as unknown as T);
      return;
    }
    const { filename, onDisk } = typedFile(test.filename);
    const placed = { ...test, ...((test.filename !== undefined || !onDisk) && { filename }) } as unknown as T;
    ((onDisk ? main : virtualFiles)[kind] as T[]).push(placed);
  };
  for (const item of section.valid) place(typeof item === 'string' ? { code: item } : item, 'valid');
  for (const item of section.invalid) place(item, 'invalid');
  return { main, virtualFiles };
}

/** The files of the typed fixture folder that the typed runs of `sections` lint without having them on disk. */
function virtualFilesOf<MessageIds extends string, Options extends readonly unknown[]>(sections: readonly CaseSection<MessageIds, Options>[]): string[] {
  const files = new Set<string>();
  for (const section of sections) {
    for (const item of [...section.valid, ...section.invalid]) {
      const test = typeof item === 'string' ? { code: item } : item;
      if (runsIn(test, 'typed') && !typedFile(test.filename).onDisk) files.add(path.relative(typedFixturesDir, typedFile(test.filename).filename));
    }
  }
  return [...files].sort();
}

/**
 * Runs every section of a rule in both modes: `<rule> › <section>` without type information, `… (typed)`
 * with it, and `… (typed, files not on disk)` for the typed cases whose file the fixture project lacks.
 */
export function runSections<MessageIds extends string, Options extends readonly unknown[]>(
  id: string,
  rule: AnyRule<MessageIds, Options>,
  sections: readonly CaseSection<MessageIds, Options>[],
): void {
  const virtualFiles = virtualFilesOf(sections);
  const testers: Record<'untyped' | 'typed' | 'virtual', RuleTester | undefined> = {
    untyped: createRuleTester(),
    typed: createTypedRuleTester(),
    virtual: virtualFiles.length > 0 ? createVirtualFilesTypedRuleTester(virtualFiles) : undefined,
  };
  const run = (tester: RuleTester | undefined, name: string, tests: RunTests<MessageIds, Options>): void => {
    if (tester && tests.valid.length + tests.invalid.length > 0) tester.run(name, rule, tests);
  };
  for (const section of sections) {
    run(testers.untyped, `${id} › ${section.name}`, casesFor(section, 'untyped').main);
    const typed = casesFor(section, 'typed');
    run(testers.typed, `${id} › ${section.name} (typed)`, typed.main);
    run(testers.virtual, `${id} › ${section.name} (typed, files not on disk)`, typed.virtualFiles);
  }
}

/** What the codemod sweep and the parity check read of a case: its source, and what decides how it is analysed. */
export interface Snippet<Options extends readonly unknown[] = readonly unknown[]> {
  readonly section: string;
  readonly code: string;
  /** The file name the case gives (an absolute one is a file on disk, like `cross-module/main.ts`); none for the default. */
  readonly filename?: string;
  readonly options?: Readonly<Options>;
  readonly typed?: 'only' | 'never';
}

/** Every case of every section, valid and invalid, whatever mode it runs in. */
export function snippetsOf<MessageIds extends string, Options extends readonly unknown[]>(
  sections: readonly CaseSection<MessageIds, Options>[],
): Snippet<Options>[] {
  return sections.flatMap((section) =>
    [...section.valid, ...section.invalid].map((item: Case<MessageIds, Options>): Snippet<Options> => {
      const test = typeof item === 'string' ? { code: item } : item;
      return {
        section: section.name,
        code: test.code,
        ...(test.filename !== undefined && { filename: test.filename }),
        ...(test.options !== undefined && { options: test.options }),
        ...(test.typed !== undefined && { typed: test.typed }),
      };
    }),
  );
}

/**
 * Each snippet once: a typed case and its untyped twin (or cases that differ only in expectations) are one
 * snippet. `by` says what else makes two snippets differ: the file name alone (the codemod takes no rule
 * options), or the file name and the rule options (the analysis does).
 */
export function distinctSnippets<Options extends readonly unknown[]>(
  snippets: readonly Snippet<Options>[],
  by: 'file' | 'file and options',
): Snippet<Options>[] {
  const seen = new Set<string>();
  return snippets.filter((snippet) => {
    const key = JSON.stringify([snippet.filename, by === 'file' ? null : snippet.options, snippet.code]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
