import type rule from '../../../rules/no-outlived-promise';
import type { Section } from '../cases';
import { bufferedClients } from './buffered-clients.cases';
import { exitListener } from './exit-listener.cases';
import { exit } from './exit.cases';
import { frameworkExits } from './framework-exits.cases';
import { general } from './general.cases';
import { handlerEnd } from './handler-end.cases';
import { moduleMap } from './module-map.cases';
import { realCode } from './real-code.cases';
import { resourceClose } from './resource-close.cases';
import { testEnd } from './test-end.cases';
import { platformApis } from './platform-apis.cases';
import { values } from './values.cases';

/**
 * Every case of `promise-lifetime/no-outlived-promise`, by the lifetime end it is about, and the shapes found
 * on published packages. no-outlived-promise.test.ts runs them with and without type information;
 * tests/codemods/rule-cases-sweep.test.ts and tests/analysis/parity-rule-cases.test.ts read them too.
 */
export const sections: readonly Section<typeof rule>[] = [
  general,
  exit,
  frameworkExits,
  exitListener,
  handlerEnd,
  testEnd,
  resourceClose,
  moduleMap,
  values,
  platformApis,
  bufferedClients,
  realCode,
];
