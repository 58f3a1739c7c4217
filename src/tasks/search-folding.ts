// Folding for task search: the stored search text and every query go through `foldSearchText`, so they cannot drift.
// Pure functions, no Nest or TypeORM.
//
// - NFKC: full-width Latin, digits, space and punctuation become ASCII (`ＹＲＤ２０２５` → `YRD2025`), compatibility
//   ideographs their unified form; then lower case.
// - Traditional → simplified Chinese, one character to one character, from OpenCC's dictionaries (opencc-js): the
//   Hong Kong and Taiwan variant forms to OpenCC's standard traditional form, then its traditional → simplified
//   characters. Not OpenCC's phrase conversion: that depends on the neighbouring characters (`乾隆` stays, `乾燥` →
//   `干燥`), so a query, converted without its context, could differ from the same words converted inside a title and
//   miss them. Character by character, folding a substring gives a substring of the folded text.
import { Locale } from 'opencc-js/t2cn';

type DictLike = string | readonly (readonly [string, string])[];
type DictGroup = readonly DictLike[];

/** The single-character entries of OpenCC dictionary groups (phrase entries, longer keys, left out). */
function characterEntries(groups: readonly DictGroup[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const group of groups) {
    for (const dict of group) {
      const pairs = typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ') as [string, string]) : dict;
      for (const [from, to] of pairs) {
        if ([...from].length === 1 && [...to].length === 1 && !map.has(from)) map.set(from, to);
      }
    }
  }
  return map;
}

/**
 * Each character OpenCC converts, with the simplified character it folds to. Applied until nothing changes, so the
 * fold is idempotent: `麼` → `么` (traditional → simplified), and `么` → `幺` (a Taiwan variant of `幺`) → `幺`, so
 * `什麼` and `什么` both fold to `什幺`. The result only serves matching, never display.
 */
function buildHanFold(): Map<string, string> {
  const variants = characterEntries([...Locale.from.hk, ...Locale.from.tw]);
  const simplified = characterEntries(Locale.to.cn);
  const step = (c: string) => {
    const standard = variants.get(c) ?? c;
    return simplified.get(standard) ?? standard;
  };
  const fold = new Map<string, string>();
  for (const c of new Set([...variants.keys(), ...simplified.keys()])) {
    let x = c;
    const seen = new Set<string>([x]);
    for (let next = step(x); !seen.has(next); next = step(x)) {
      seen.add(next);
      x = next;
    }
    if (x !== c) fold.set(c, x);
  }
  return fold;
}

/** Every character the Chinese fold changes, with what it becomes. */
export const HAN_FOLD: ReadonlyMap<string, string> = buildHanFold();

/** Text as search compares it: NFKC, lower case, traditional characters as simplified ones. */
export function foldSearchText(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC').toLowerCase()) out += HAN_FOLD.get(ch) ?? ch;
  return out;
}

/** The folded text a task's search looks in (column `search_text`): its title and English title. */
export function taskSearchText(title: string, titleEn: string | null | undefined): string {
  return foldSearchText(`${title}\n${titleEn ?? ''}`);
}
