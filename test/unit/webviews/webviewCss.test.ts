// The panels' stylesheet takes every colour from VS Code's theme variables (literal colours only
// as fallbacks inside var()), so light, dark and high-contrast themes all apply.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const css = readFileSync(join(__dirname, '..', '..', '..', 'media', 'webview.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
const COLOUR_PROPS = /^(color|background(-color)?|fill|stroke|border(-(top|right|bottom|left))?(-color)?|outline(-color)?|box-shadow|--gl-[\w-]+)$/;
const LITERAL = /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?)\(|\b(white|black|red|green|blue|yellow|orange|gray|grey|silver)\b/i;

/** The value with every var(...) removed (fallbacks included), innermost first. */
function withoutVars(value: string): string {
  let v = value;
  for (let prev = ''; prev !== v; ) {
    prev = v;
    v = v.replace(/var\([^()]*(\([^()]*\))?[^()]*\)/g, ' ');
  }
  return v;
}

function declarations(): { prop: string; value: string }[] {
  const out: { prop: string; value: string }[] = [];
  for (const block of css.matchAll(/\{([^{}]*)\}/g)) {
    for (const d of block[1]!.split(';')) {
      const i = d.indexOf(':');
      if (i > 0) out.push({ prop: d.slice(0, i).trim(), value: d.slice(i + 1).trim() });
    }
  }
  return out;
}

describe('media/webview.css', () => {
  it('has colour declarations to check', () => {
    assert.ok(declarations().filter((d) => COLOUR_PROPS.test(d.prop)).length > 30);
  });

  it('uses literal colours only as fallbacks inside var(--vscode-…)', () => {
    const bad = declarations()
      .filter((d) => COLOUR_PROPS.test(d.prop))
      .filter((d) => LITERAL.test(withoutVars(d.value)) || (/var\(/.test(d.value) && !/var\(--(vscode|gl)-/.test(d.value)));
    assert.deepEqual(bad, []);
  });

  it('the check catches a literal colour', () => {
    assert.equal(LITERAL.test(withoutVars('1px solid #ff0000')), true);
    assert.equal(LITERAL.test(withoutVars('var(--vscode-panel-border, rgba(1, 2, 3, 0.5))')), false);
  });
});
