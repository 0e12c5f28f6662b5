import type rule from '../../../rules/no-starved-promise';
import type { Section } from '../cases';
import { atomicsWait } from './atomics-wait.cases';
import { blockingFunctions } from './blocking-functions.cases';
import { busyWait } from './busy-wait.cases';
import { childProcess } from './child-process.cases';
import { flow } from './flow.cases';
import { fsSync } from './fs-sync.cases';
import { helpers } from './helpers.cases';
import { syncBridges } from './sync-bridges.cases';
import { tasks } from './tasks.cases';

/**
 * Every case of `promise-lifetime/no-starved-promise`: by the kind of blocking, then what is a task, when the
 * blocking meets it, and the functions in between. no-starved-promise.test.ts runs them with and without type
 * information; tests/codemods/rule-cases-sweep.test.ts and tests/analysis/parity-rule-cases.test.ts read them too.
 */
export const sections: readonly Section<typeof rule>[] = [atomicsWait, childProcess, busyWait, syncBridges, fsSync, blockingFunctions, tasks, flow, helpers];
