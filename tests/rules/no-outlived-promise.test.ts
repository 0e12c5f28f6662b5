import rule from '../../rules/no-outlived-promise';
import { createRuleTester } from '../rule-tester';
import { cases } from './no-outlived-promise.cases';

// The cases are in no-outlived-promise.cases.ts: tests/codemods/rule-cases-sweep.test.ts runs the codemod over them too.
createRuleTester().run('no-outlived-promise', rule, cases);
