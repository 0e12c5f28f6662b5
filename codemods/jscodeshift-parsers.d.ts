// jscodeshift's Babel parser presets (its `--parser=ts|tsx`), which ship without type declarations.
declare module 'jscodeshift/parser/ts' {
  const createParser: () => { parse(code: string): unknown };
  export = createParser;
}

declare module 'jscodeshift/parser/tsx' {
  const createParser: () => { parse(code: string): unknown };
  export = createParser;
}

declare module 'jscodeshift/parser/tsOptions' {
  const options: import('@babel/parser').ParserOptions & { plugins: import('@babel/parser').ParserPlugin[] };
  export = options;
}
