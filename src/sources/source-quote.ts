// The sentence a record rests on (issue 10): one description, one input rule and one normaliser for every type.
import { applyDecorators } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { IsText } from '../common/validators';

/** Longest quote a client may store: a sentence or two, not an article. */
export const SOURCE_QUOTE_MAX = 1000;

export const SOURCE_QUOTE_DESCRIPTION =
  "The shortest verbatim quote from the source that makes the claim, in the source's language (the seed article is " +
  'quoted in its traditional characters). Null when none was recorded.';

export const SOURCE_QUOTE_INPUT_DESCRIPTION = `Optional: the shortest verbatim quote from the source that makes the claim, in its language; at most ${SOURCE_QUOTE_MAX} characters, trimmed.`;

/** Optional quote on an input: 1–SOURCE_QUOTE_MAX characters, not only blanks. */
export const IsSourceQuote = () => applyDecorators(IsOptional(), IsText(SOURCE_QUOTE_MAX));

/** The quote as stored: trimmed, null when absent. */
export const storedQuote = (quote: string | null | undefined): string | null => quote?.trim() || null;
