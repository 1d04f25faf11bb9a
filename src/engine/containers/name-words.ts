/** Word lists for generated container names (`adjective_surname`, Docker's style). */
export const ADJECTIVES: readonly string[] = [
  'admiring', 'adoring', 'affectionate', 'agitated', 'amazing', 'angry', 'awesome', 'beautiful', 'blissful', 'bold',
  'boring', 'brave', 'busy', 'charming', 'clever', 'compassionate', 'competent', 'condescending', 'confident', 'cool',
  'cranky', 'crazy', 'dazzling', 'determined', 'distracted', 'dreamy', 'eager', 'ecstatic', 'elastic', 'elated',
  'elegant', 'eloquent', 'epic', 'exciting', 'fervent', 'festive', 'flamboyant', 'focused', 'friendly', 'frosty',
  'funny', 'gallant', 'gifted', 'goofy', 'gracious', 'great', 'happy', 'hardcore', 'heuristic', 'hopeful',
  'hungry', 'infallible', 'inspiring', 'intelligent', 'interesting', 'jolly', 'jovial', 'keen', 'kind', 'laughing',
  'loving', 'lucid', 'magical', 'modest', 'musing', 'mystifying', 'naughty', 'nervous', 'nice', 'nifty',
  'nostalgic', 'objective', 'optimistic', 'peaceful', 'pedantic', 'pensive', 'practical', 'priceless', 'quirky', 'quizzical',
  'recursing', 'relaxed', 'reverent', 'romantic', 'sad', 'serene', 'sharp', 'silly', 'sleepy', 'stoic',
  'strange', 'stupefied', 'suspicious', 'sweet', 'tender', 'thirsty', 'trusting', 'unruffled', 'upbeat', 'vibrant',
  'vigilant', 'vigorous', 'wizardly', 'wonderful', 'xenodochial', 'youthful', 'zealous', 'zen',
];

/** Surnames of notable scientists and engineers. */
export const SURNAMES: readonly string[] = [
  'agnesi', 'albattani', 'allen', 'archimedes', 'ardinghelli', 'babbage', 'banach', 'bardeen', 'bartik', 'bell',
  'benz', 'bhabha', 'blackwell', 'bohr', 'booth', 'borg', 'bose', 'boyd', 'brahmagupta', 'brattain',
  'brown', 'carson', 'cerf', 'chandrasekhar', 'clarke', 'cohen', 'curie', 'darwin', 'davinci', 'diffie',
  'dijkstra', 'dirac', 'easley', 'edison', 'einstein', 'elion', 'engelbart', 'euclid', 'euler', 'faraday',
  'fermat', 'fermi', 'feynman', 'franklin', 'galileo', 'gates', 'goldberg', 'goodall', 'haibt', 'hamilton',
  'hawking', 'heisenberg', 'hellman', 'hermann', 'hodgkin', 'hofstadter', 'hopper', 'hypatia', 'jackson', 'jang',
  'jennings', 'johnson', 'kalam', 'kapitsa', 'keller', 'kepler', 'khorana', 'knuth', 'kowalevski', 'lamarr',
  'lamport', 'leakey', 'leavitt', 'lehmann', 'liskov', 'lovelace', 'lumiere', 'mahavira', 'margulis', 'maxwell',
  'mayer', 'mccarthy', 'mcclintock', 'meitner', 'mendel', 'merkle', 'minsky', 'mirzakhani', 'morse', 'napier',
  'nash', 'neumann', 'newton', 'nobel', 'noether', 'noyce', 'pascal', 'pasteur', 'perlman', 'pike',
  'poincare', 'ptolemy', 'raman', 'ramanujan', 'ritchie', 'rosalind', 'saha', 'sammet', 'shannon', 'shockley',
  'sinoussi', 'stonebraker', 'swanson', 'tesla', 'thompson', 'torvalds', 'turing', 'varahamihira', 'visvesvaraya', 'volhard',
  'wescoff', 'wiles', 'williams', 'wilson', 'wing', 'wozniak', 'wright', 'wu', 'yalow', 'yonath', 'zhukovsky',
];
