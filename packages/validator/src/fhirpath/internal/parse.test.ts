import { describe, expect, it } from 'vitest';
import { parseExpression } from './parse';

describe('parseExpression', () => {
  it('reads members, calls, operators and literals', () => {
    expect(parseExpression("code.where(system = 'x').exists()")).toMatchObject({
      k: 'call',
      name: 'exists',
      input: { k: 'call', name: 'where', input: { k: 'member', name: 'code', atRoot: 1 } },
    });
    expect(parseExpression('a or b and c')).toMatchObject({
      k: 'binary',
      op: 'or',
      right: { k: 'binary', op: 'and' },
    });
    expect(parseExpression("'it\\'s'")).toEqual({ k: 'string', value: "it's" });
    expect(parseExpression('100')).toEqual({ k: 'number', text: '100', value: 100 });
    expect(parseExpression('{}')).toEqual({ k: 'null' });
  });

  it('marks root members and reads delimited names', () => {
    expect(parseExpression('text.`div`')).toMatchObject({
      k: 'member',
      name: 'div',
      atRoot: 0,
      input: { atRoot: 1 },
    });
    expect(parseExpression('where(use = 1)')).toMatchObject({
      args: [{ expr: { left: { atRoot: 2 } } }],
    });
  });

  it('keeps the text of type specifiers', () => {
    expect(parseExpression('ofType(Practitioner)')).toMatchObject({
      args: [{ text: 'Practitioner' }],
    });
    expect(parseExpression('answer is Boolean')).toMatchObject({
      k: 'type-op',
      op: 'is',
      type: 'Boolean',
    });
  });

  it('marks what it does not read as unsupported', () => {
    expect(parseExpression('@2020-01-01')).toMatchObject({ k: 'unsupported' });
    expect(parseExpression("1 'mg'")).toMatchObject({ k: 'unsupported' });
  });

  it('throws for invalid syntax', () => {
    expect(() => parseExpression('a.(')).toThrow();
  });
});
