import assert from 'node:assert/strict';

/**
 * For tests: every tag closed in order, one root <svg>, no NaN/undefined/Infinity in
 * the text, every & escaped: the shape a browser or an XML parser needs.
 */
export function assertWellFormedSvg(svg: string): void {
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, 'starts with the <svg> root');
  const stack: string[] = [];
  let roots = 0;
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)\b[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the open tag`);
    else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name!);
    }
  }
  assert.deepEqual(stack, [], 'all tags closed');
  assert.equal(roots, 1, 'one root element');
  assert.doesNotMatch(svg, /NaN|undefined|Infinity/);
  assert.doesNotMatch(svg.replace(/&(amp|lt|gt|quot|apos);/g, ''), /&/, 'every & escaped');
}
