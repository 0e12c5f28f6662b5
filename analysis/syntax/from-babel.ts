import type { Program } from './ast';

/*
 * jscodeshift parses with Babel, whose tree differs from ESTree in a handful of node types. This adapter
 * builds an ESTree-shaped copy (ranges, literals, properties, methods, optional chains, `import()`)
 * with parent links, in one pass. Positions are offsets into the same text, so findings map back to the
 * Babel nodes by range.
 */

type BabelNode = { type: string; start?: number | null; end?: number | null; loc?: unknown; [key: string]: unknown };
type EstreeNode = { type: string; range: [number, number]; loc: unknown; parent?: EstreeNode; [key: string]: unknown };

const SKIPPED = new Set(['start', 'end', 'loc', 'range', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'comments', 'tokens', 'errors']);

function isBabelNode(value: unknown): value is BabelNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function base(node: BabelNode, type: string = node.type): EstreeNode {
  return { type, range: [node.start ?? 0, node.end ?? 0], loc: node.loc };
}

function literalValue(node: BabelNode): unknown {
  switch (node.type) {
    case 'NullLiteral':
      return null;
    case 'RegExpLiteral':
      return null;
    case 'BigIntLiteral':
      return null;
    default:
      return node.value;
  }
}

/**
 * A function value for a Babel method node (`ObjectMethod`, `ClassMethod`): ESTree nests a
 * FunctionExpression that starts at the type parameters or the opening parenthesis.
 */
function methodFunction(node: BabelNode, convert: (value: unknown) => unknown, source: string): EstreeNode {
  const body = node.body as BabelNode;
  const params = node.params as BabelNode[];
  const typeParameters = node.typeParameters as BabelNode | null | undefined;
  const afterKey = (node.key as BabelNode).end ?? node.start ?? 0;
  const paren = source.indexOf('(', afterKey);
  const start = typeParameters?.start ?? (paren === -1 ? (params[0]?.start ?? body.start ?? 0) : paren);
  const fn: EstreeNode = {
    ...base(node, 'FunctionExpression'),
    range: [start, node.end ?? 0],
    id: null,
    params: params.map(convert),
    body: convert(body),
    async: node.async === true,
    generator: node.generator === true,
    expression: false,
    returnType: convert(node.returnType),
    typeParameters: convert(node.typeParameters),
  };
  return fn;
}

function convertNode(node: BabelNode, convert: (value: unknown) => unknown, source: string): EstreeNode {
  switch (node.type) {
    case 'File':
      return convertNode(node.program as BabelNode, convert, source);
    case 'StringLiteral':
    case 'NumericLiteral':
    case 'BooleanLiteral':
    case 'NullLiteral':
    case 'RegExpLiteral':
    case 'BigIntLiteral':
    case 'DecimalLiteral':
      return { ...base(node, 'Literal'), value: literalValue(node), raw: (node.extra as { raw?: string } | undefined)?.raw };
    case 'ObjectProperty':
      return {
        ...base(node, 'Property'),
        key: convert(node.key),
        value: convert(node.value),
        computed: node.computed === true,
        shorthand: node.shorthand === true,
        method: false,
        kind: 'init',
      };
    case 'ObjectMethod':
      return {
        ...base(node, 'Property'),
        key: convert(node.key),
        value: methodFunction(node, convert, source),
        computed: node.computed === true,
        shorthand: false,
        method: node.kind === 'method',
        kind: node.kind === 'method' ? 'init' : node.kind,
      };
    case 'ClassMethod':
    case 'ClassPrivateMethod':
      return {
        ...base(node, 'MethodDefinition'),
        key: convert(node.key),
        value: methodFunction(node, convert, source),
        computed: node.computed === true,
        static: node.static === true,
        kind: node.kind,
      };
    case 'ClassProperty':
    case 'ClassPrivateProperty':
      return {
        ...base(node, 'PropertyDefinition'),
        key: convert(node.key),
        value: convert(node.value),
        computed: node.computed === true,
        static: node.static === true,
        typeAnnotation: convert(node.typeAnnotation),
        optional: node.optional === true,
      };
    case 'ClassAccessorProperty':
      return {
        ...base(node, 'AccessorProperty'),
        key: convert(node.key),
        value: convert(node.value),
        computed: node.computed === true,
        static: node.static === true,
      };
    case 'PrivateName':
      return { ...base(node, 'PrivateIdentifier'), name: (node.id as { name: string }).name };
    case 'OptionalMemberExpression':
      return {
        ...base(node, 'MemberExpression'),
        object: convert(node.object),
        property: convert(node.property),
        computed: node.computed === true,
        optional: node.optional === true,
      };
    case 'OptionalCallExpression':
    case 'CallExpression':
      if ((node.callee as BabelNode).type === 'Import') {
        return { ...base(node, 'ImportExpression'), source: convert((node.arguments as unknown[])[0]), options: null };
      }
      return {
        ...base(node, 'CallExpression'),
        callee: convert(node.callee),
        arguments: (node.arguments as unknown[]).map(convert),
        optional: node.optional === true,
      };
    case 'ParenthesizedExpression':
      return convertNode(node.expression as BabelNode, convert, source);
    case 'TSDeclareMethod':
      // An overload signature or an abstract method: typescript-estree's member with a body-less function.
      return {
        ...base(node, node.abstract === true ? 'TSAbstractMethodDefinition' : 'MethodDefinition'),
        key: convert(node.key),
        value: {
          ...methodFunction({ ...node, body: { type: 'BlockStatement', start: node.end, end: node.end } }, convert, source),
          type: 'TSEmptyBodyFunctionExpression',
          body: null,
        },
        computed: node.computed === true,
        static: node.static === true,
        kind: node.kind,
      };
    case 'TSExpressionWithTypeArguments':
      // `extends A<T>` of an interface, `implements A<T>` of a class: the declared-types reader follows them.
      return { ...base(node, 'TSClassImplements'), expression: convert(node.expression), typeArguments: convert(node.typeParameters) };
    default: {
      const result = base(node);
      for (const key in node) {
        if (SKIPPED.has(key) || key === 'type') continue;
        result[key] = convert(node[key]);
      }
      return result;
    }
  }
}

function setParents(node: EstreeNode, parent: EstreeNode | undefined): void {
  if (parent) node.parent = parent;
  for (const key in node) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isBabelNode(item)) setParents(item as EstreeNode, node);
    } else if (isBabelNode(value)) {
      setParents(value as EstreeNode, node);
    }
  }
}

/** Converts a Babel `File` or `Program` (as jscodeshift parses `source`) into the analysis's ESTree shape. */
export function fromBabel(root: unknown, source: string): Program {
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    if (isBabelNode(value)) return convertNode(value, convert, source);
    return value;
  };
  const program = convert(root) as EstreeNode;
  // Babel keeps directives (`'use strict'`) apart from the body; the analysis has no use for them.
  delete program.directives;
  setParents(program, undefined);
  return program as unknown as Program;
}
