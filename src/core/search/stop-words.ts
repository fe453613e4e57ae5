/**
 * Words that carry no topic: function words, question words and auxiliaries.
 * Removing them keeps "What did Russia send?" from matching every passage with "did".
 * "us" is here as the pronoun; the is recognised before stop words apply.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above across after again against all almost along already also although always am among an and
  another any anybody anyone anything anyway are aren't around as at be became because been before being
  below beside besides between beyond both but by can can't cannot could couldn't did didn't do does doesn't
  doing don't done down during each either else enough even ever every for from further get gets getting
  had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
  how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let's like may me might
  mine more most much must mustn't my myself neither no nor not now of off on once one only onto or other
  others otherwise ought our ours ourselves out over own per perhaps please quite rather really same shall
  shan't she she'd she'll she's should shouldn't so some somebody someone something such than that that's
  the their theirs them themselves then there there's these they they'd they'll they're they've this those
  though through thus to too toward towards under until up upon us very via was wasn't we we'd we'll we're
  we've were weren't what what's whatever when when's whenever where where's whereas wherever whether which
  while who who's whoever whom whose why why's will with within without won't would wouldn't yet you you'd
  you'll you're you've your yours yourself yourselves tell told show explain describe say said says
  know think anything everything nothing thing things kind sort lot lots`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Common English content words: fine inside a question, too general to be its only
 * match. A question whose sole match is one of these is not answered with confidence.
 */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  `world people person time times year years day days week weeks month months way ways new old good bad
  best better big small great large little long short high low right left first last next early late
  young important main major different same able possible public real whole sure clear full special free
  today tomorrow yesterday now recent recently latest current future past present news information update
  question questions answer answers fact facts case cases point points part parts place places group
  groups number numbers problem problems issue issues area areas end ends side sides home life lives
  work works make makes made go goes going went gone come comes came take takes took taken use used uses
  give gives gave given find finds found want wants need needs look looks looking see seen saw feel
  try tries call calls ask asks asked keep keeps put puts mean means seem seems leave become
  begin start started run move live believe hold bring happen happens happened write read play pay
  meet include includes continue set learn lead understand watch follow stop create speak allow
  add spend grow open win offer remember love consider appear buy wait serve expect build stay fall
  cut reach remain suggest raise pass sell require report decide pull job jobs school family city country
  system company business service services product products game games music movie car`
    .split(/\s+/)
    .filter(Boolean),
);
