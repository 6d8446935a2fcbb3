/**
 * Function words that carry little topical meaning. The hashing embedder has no corpus statistics (no IDF), so
 * without this list "the", "of", "và", "của" would dominate every vector. They are down-weighted, not dropped:
 * a query made only of such words still gets a vector.
 *
 * Vietnamese is written syllable by syllable, so the entries are single syllables that are (almost) always grammatical
 * words; syllables that also form content words in compounds were left out. Diacritics matter here as everywhere:
 * "các" (plural marker) is listed, "cắc" is not.
 */
const ENGLISH = `a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of off on once
only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where which while who whom
why will with would you your yours yourself yourselves`;

const VIETNAMESE = `và của là các những được cho trong với một này đó thì mà để khi đã sẽ đang cũng như nên hay hoặc
nếu vì bởi tại từ rất đều chỉ vẫn`;

/** Normalised exactly like the embedder's input (NFKC, lower case), so lookups match whatever form the source used. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `${ENGLISH} ${VIETNAMESE}`.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean),
);
