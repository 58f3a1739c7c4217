import fc from 'fast-check';
import { foldSearchText, HAN_FOLD, taskSearchText } from './search-folding';

describe('foldSearchText', () => {
  it('folds traditional characters to simplified ones, and leaves simplified text as it is', () => {
    expect(foldSearchText('長三角')).toBe('长三角');
    expect(foldSearchText('长三角')).toBe('长三角');
    expect(foldSearchText('長三角一體化發展')).toBe(foldSearchText('长三角一体化发展'));
    expect(foldSearchText('新一輪太湖流域水環境綜合治理')).toBe('新一轮太湖流域水环境综合治理');
  });

  it('folds Hong Kong and Taiwan variant forms like the standard traditional ones', () => {
    // 綫 (Hong Kong) and 線 (standard) are both 线; 裡 (Taiwan) and 裏 (standard) are both 里.
    expect(foldSearchText('綫')).toBe('线');
    expect(foldSearchText('線')).toBe('线');
    expect(foldSearchText('裡面')).toBe(foldSearchText('里面'));
    expect(foldSearchText('裏面')).toBe(foldSearchText('里面'));
  });

  it('makes full-width Latin letters, digits, spaces and punctuation ASCII, and lower-cases', () => {
    expect(foldSearchText('ＹＲＤ')).toBe('yrd');
    expect(foldSearchText('２０２５')).toBe('2025');
    expect(foldSearchText('Ｇ６０\u3000沪昆（高速）')).toBe('g60 沪昆(高速)');
    expect(foldSearchText('Rail Transit')).toBe('rail transit');
    expect(foldSearchText('ＹＲＤ２０２５')).toBe(foldSearchText('yrd2025'));
  });

  it('converts character by character, so a query finds the words inside a phrase OpenCC would keep whole', () => {
    // OpenCC keeps 乾隆 as a phrase but converts 乾 alone to 干: a phrase-level fold would make 乾 miss 乾隆.
    expect(foldSearchText('乾隆年间')).toContain(foldSearchText('乾'));
    expect(foldSearchText('什麼')).toBe(foldSearchText('什么'));
    expect(foldSearchText('著名')).toBe(foldSearchText('着名'));
  });

  it('is idempotent on every character it converts', () => {
    expect(HAN_FOLD.size).toBeGreaterThan(3000);
    const unstable = [...HAN_FOLD].filter(([from, to]) => foldSearchText(to) !== to || foldSearchText(from) !== to);
    expect(unstable).toEqual([]);
  });

  it('folds a substring to a substring of the folded text (what makes a folded query find folded titles)', () => {
    const alphabet = fc.constantFrom(...'長长三角體体化發发展麼么著着乾干臺台綫線裡裏里ＹＲＤyrdＡaA０0 　（）(),，。…'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), fc.nat(), fc.nat(), (chars, i, j) => {
        const text = chars.join('');
        const [from, to] = [i % (chars.length + 1), j % (chars.length + 1)].sort((a, b) => a - b);
        const part = chars.slice(from, to).join('');
        return foldSearchText(text).includes(foldSearchText(part)) && foldSearchText(foldSearchText(text)) === foldSearchText(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('taskSearchText', () => {
  it('is the folded title and English title on two lines', () => {
    expect(taskSearchText('長三角 Rail', 'ＹＲＤ Rail')).toBe('长三角 rail\nyrd rail');
    expect(taskSearchText('长三角', null)).toBe('长三角\n');
  });
});
