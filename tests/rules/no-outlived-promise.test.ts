import rule from '../../rules/no-outlived-promise';
import { createRuleTester } from '../rule-tester';
import { cases } from './no-outlived-promise.cases';
import { realCodeCases } from './no-outlived-promise.real-code.cases';

// The cases are in no-outlived-promise.cases.ts: tests/codemods/rule-cases-sweep.test.ts runs the codemod over them too.
createRuleTester().run('no-outlived-promise', rule, cases);

// Shapes found on published packages: run in both typing modes (see no-outlived-promise.typed.test.ts).
createRuleTester().run('no-outlived-promise (real-code shapes)', rule, realCodeCases);
