import type { Finding } from '../analysis';

/** How a codemod report names the lifetime end: `before process.exit(0) (line 14)`. */
export function describeEnd(finding: Finding): string {
  const { end } = finding;
  switch (end.kind) {
    case 'exit':
      return `before \`${end.text}\` (line ${end.line})`;
    case 'exit-listener':
      return end.implicit
        ? `before the process \`exit\` listener returns (line ${end.line})`
        : `before the process \`exit\` listener stops at \`${end.text}\` (line ${end.line})`;
    case 'handler-end':
      return `before the handler returns (line ${end.line})`;
    case 'test-end':
      return `before the test ends (line ${end.line})`;
    case 'resource-close':
      return `before \`${end.resource ?? end.text}\` is closed (line ${end.line})`;
  }
}
