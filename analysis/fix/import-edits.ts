import type { FileContext } from '../lifetime/file-context';
import type { CodeStyle } from './code-style';
import type { TextEdit } from './text-edits';

/**
 * `import { name } from 'from'`, as the file writes imports: added to an existing import of the same
 * module when it has named imports, or after the last import, or at the top of a file without any.
 */
export function addNamedImport(context: FileContext, name: string, from: string, style: CodeStyle): TextEdit {
  const { program } = context;
  const imports = program.body.filter((statement) => statement.type === 'ImportDeclaration');
  const existing = imports.find(
    (declaration) => declaration.source.value === from && declaration.importKind !== 'type' && declaration.specifiers.at(-1)?.type === 'ImportSpecifier',
  );
  const lastSpecifier = existing?.specifiers.at(-1);
  if (lastSpecifier) return { range: [lastSpecifier.range[1], lastSpecifier.range[1]], text: `, ${name}` };
  const line = `import { ${name} } from ${style.quote}${from}${style.quote}${style.semicolons ? ';' : ''}`;
  const last = imports.at(-1);
  return last ? { range: [last.range[1], last.range[1]], text: `\n${line}` } : { range: [program.range[0], program.range[0]], text: `${line}\n` };
}
