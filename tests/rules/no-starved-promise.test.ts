import rule from '../../rules/no-starved-promise';
import { createRuleTester } from '../rule-tester';
import { cases } from './no-starved-promise.cases';

// The cases are in no-starved-promise.cases.ts: tests/codemods/rule-cases-sweep.test.ts runs the codemod over them too.
createRuleTester().run('no-starved-promise', rule, cases);
