import path from 'node:path';
import type rule from '../../../rules/no-outlived-promise';
import { crossModuleDir } from '../../rule-tester';
import type { Section } from '../cases';

/*
 * Analytics and error clients that queue events (posthog-node, Segment's analytics-node, Sentry): an exit or a\n * frozen handler before the client's flush loses the queue; the fix awaits the flush (`await posthog.shutdown()`).
 */

export const bufferedClients: Section<typeof rule> = {
  name: 'buffered-clients',
  valid: [
    {
      // The queue is flushed before the exit.
      code: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
export async function main(): Promise<void> {
  posthog.capture({ distinctId: 'cli', event: 'run' });
  await posthog.shutdown();
  process.exit(0);
}`,
    },
    {
      // `flush()` sends the queue too.
      code: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
export async function main(): Promise<void> {
  posthog.capture({ distinctId: 'cli', event: 'run' });
  await posthog.flush();
  process.exit(0);
}`,
    },
    {
      // Flushed by a same-file helper the caller awaits.
      code: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
async function close(): Promise<void> {
  await posthog.shutdown();
}
export async function main(): Promise<void> {
  posthog.capture({ distinctId: 'cli', event: 'run' });
  await close();
  process.exit(0);
}`,
    },
    {
      // A flush registered in a callback (`beforeExit`, a signal): the program flushes elsewhere, which is not reasoned about.
      code: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
process.on('SIGTERM', async () => {
  await posthog.shutdown();
});
export async function main(): Promise<void> {
  posthog.capture({ distinctId: 'cli', event: 'run' });
  process.exit(0);
}`,
    },
    {
      // A call nothing is known of that may flush (`await teardown()`) is taken to.
      code: `import { PostHog } from 'posthog-node';
declare function teardown(): Promise<void>;
const posthog = new PostHog('phc_test');
export async function main(): Promise<void> {
  posthog.capture({ distinctId: 'cli', event: 'run' });
  await teardown();
  process.exit(0);
}`,
    },
    {
      // A `capture()` of an object that is not a buffered client.
      code: `const posthog = { capture(event: string): void { console.log(event); } };
export function main(): void {
  posthog.capture('run');
  process.exit(0);
}`,
    },
    {
      // A test's end neither sends nor drops the queue.
      code: `import { it } from 'node:test';
import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
it('tracks', () => {
  posthog.capture({ distinctId: 'test', event: 'run' });
});`,
    },
    {
      // Sentry flushed before the exit.
      code: `import * as Sentry from '@sentry/node';
export async function fail(error: unknown): Promise<void> {
  Sentry.captureException(error);
  await Sentry.flush(2000);
  process.exit(1);
}`,
    },
    {
      // An allowlisted call may leave its events queued.
      code: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
export async function main(): Promise<void> {
  posthog.capture({ distinctId: 'cli', event: 'run' });
  process.exit(0);
}`,
      options: [{ allowForKnownSafeCalls: ['posthog.capture'] }],
    },
  ],
  invalid: [
    {
      // posthog-node queues `capture()`: the exit drops the queue unless `shutdown()` is awaited first.
      code: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
export async function main(): Promise<void> {
  posthog.capture({ distinctId: 'cli', event: 'run' });
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exitQueued',
          data: { task: 'posthog.capture(…)', chain: '', end: 'process.exit(0)', line: 5, flush: 'posthog.shutdown()' },
          line: 4,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
export async function main(): Promise<void> {
  posthog.capture({ distinctId: 'cli', event: 'run' });
  await posthog.shutdown();
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      // However many events are queued, the queue is one task.
      code: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
export async function main(args: string[]): Promise<void> {
  posthog.identify({ distinctId: 'cli', properties: { args: args.length } });
  posthog.capture({ distinctId: 'cli', event: 'start' });
  posthog.capture({ distinctId: 'cli', event: 'done' });
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exitQueued',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
export async function main(args: string[]): Promise<void> {
  posthog.identify({ distinctId: 'cli', properties: { args: args.length } });
  posthog.capture({ distinctId: 'cli', event: 'start' });
  posthog.capture({ distinctId: 'cli', event: 'done' });
  await posthog.shutdown();
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      // A Lambda handler's return freezes the environment with the queue unsent.
      code: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
export const handler = async (event: { userId: string }) => {
  posthog.capture({ distinctId: event.userId, event: 'invoked' });
  return { statusCode: 200 };
};`,
      errors: [
        {
          messageId: 'handlerEndFrozenAfterSettleQueued',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
export const handler = async (event: { userId: string }) => {
  posthog.capture({ distinctId: event.userId, event: 'invoked' });
  await posthog.shutdown();
  return { statusCode: 200 };
};`,
            },
          ],
        },
      ],
    },
    {
      // The client another module of the project exports.
      code: `import { posthog } from './posthog.js';
export async function main(): Promise<void> {
  posthog.capture({ distinctId: 'cli', event: 'run' });
  process.exit(0);
}`,
      filename: path.join(crossModuleDir, 'main.ts'),
      errors: [
        {
          messageId: 'exitQueued',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { posthog } from './posthog.js';
export async function main(): Promise<void> {
  posthog.capture({ distinctId: 'cli', event: 'run' });
  await posthog.shutdown();
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      // Queued in a helper, ended by its caller: the flush goes before the exit.
      code: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
function track(event: string): void {
  posthog.capture({ distinctId: 'cli', event });
}
export async function main(): Promise<void> {
  track('run');
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exitQueued',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
function track(event: string): void {
  posthog.capture({ distinctId: 'cli', event });
}
export async function main(): Promise<void> {
  track('run');
  await posthog.shutdown();
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      // A shutdown that is started but not awaited is itself still pending at the exit.
      code: `import { PostHog } from 'posthog-node';
const posthog = new PostHog('phc_test');
export function main(): void {
  posthog.capture({ distinctId: 'cli', event: 'run' });
  posthog.shutdown();
  process.exit(0);
}`,
      errors: [{ messageId: 'exit', line: 5, suggestions: [] }],
    },
    {
      // Segment's analytics-node queues `track()` until `closeAndFlush()`.
      code: `import { Analytics } from '@segment/analytics-node';
const analytics = new Analytics({ writeKey: 'key' });
export async function main(): Promise<void> {
  analytics.track({ userId: 'cli', event: 'Ran' });
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exitQueued',
          line: 4,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { Analytics } from '@segment/analytics-node';
const analytics = new Analytics({ writeKey: 'key' });
export async function main(): Promise<void> {
  analytics.track({ userId: 'cli', event: 'Ran' });
  await analytics.closeAndFlush();
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
    {
      // Sentry sends a captured exception later: the exit in the handler loses it (a callback cannot await: no suggestion).
      code: `import * as Sentry from '@sentry/node';
process.on('uncaughtException', (error) => {
  Sentry.captureException(error);
  process.exit(1);
});`,
      errors: [{ messageId: 'exitQueued', line: 3, suggestions: [] }],
    },
    {
      // Sentry's functions imported by name: the codemod awaits the imported `flush()`.
      code: `import { captureMessage, flush } from '@sentry/node';
export async function main(): Promise<void> {
  captureMessage('cli started');
  process.exit(0);
}`,
      errors: [
        {
          messageId: 'exitQueued',
          line: 3,
          suggestions: [
            {
              messageId: 'awaitHandleBeforeEnd',
              output: `import { captureMessage, flush } from '@sentry/node';
export async function main(): Promise<void> {
  captureMessage('cli started');
  await flush();
  process.exit(0);
}`,
            },
          ],
        },
      ],
    },
  ],
};
