// Where JSON text goes wrong, for "line:column" in messages about hand-edited files (scenarios,
// snapshots): V8's JSON.parse gives a position for some errors only ("Unexpected token 'x', ..."
// has none), and parses nesting of any depth that the recursive code after it (validators, this
// file's own grammar walk) cannot take ("Maximum call stack size exceeded", no file, no place).

/** Deepest nesting of objects and arrays a scenario or snapshot file may have (real ones stay under 15). */
export const MAX_JSON_DEPTH = 100;

/**
 * Offset of the bracket that opens level `maxDepth + 1`, or undefined when the text nests no
 * deeper. A loop, not recursion, and it skips strings, so it works on any text, valid or not.
 */
export function jsonNestingOffset(text: string, maxDepth = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // Skip a string: up to the next quote that is not escaped.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > maxDepth) return i;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return undefined;
}

/** The message for text nested deeper than MAX_JSON_DEPTH, with its line and column; undefined when it is not. */
export function jsonNestingProblem(text: string, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const offset = jsonNestingOffset(text, maxDepth);
  if (offset === undefined) return undefined;
  const { line, column } = lineColumn(text, offset);
  return `JSON nested too deeply at line ${line}, column ${column}: more than ${maxDepth} levels of objects and arrays`;
}

/**
 * Offset of the first character that breaks the JSON grammar; text.length when the text ends early.
 * Recursive: call it on text that jsonNestingOffset accepted.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const fail = (at = i): never => {
    throw at;
  };
  const literal = (word: string): void => {
    for (const c of word) {
      if (text[i] !== c) fail();
      i++;
    }
  };
  const string = (): void => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) return void i++;
      if (c < 32) fail();
      if (c === 92) {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) fail(i + k);
          i += 5;
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i]!)) i++;
        else fail();
      } else i++;
    }
    fail();
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += m![0].length;
  };
  /** An object or array body after its opening bracket: items separated by commas up to `close`. */
  const sequence = (close: string, item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (text[i] === ',') i++;
      else if (text[i] === close) return void i++;
      else fail();
    }
  };
  const member = (): void => {
    ws();
    string();
    ws();
    if (text[i] !== ':') fail();
    i++;
    value();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return sequence('}', member);
    if (c === '[') return sequence(']', value);
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    number();
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (at) {
    if (typeof at !== 'number') throw at;
    return Math.min(at, text.length);
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lastNewline = -1;
  // Counting, not split(): a 100 MB file would otherwise become an array of all its lines.
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lastNewline = i;
  }
  return { line, column: offset - lastNewline };
}
