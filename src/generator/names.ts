/**
 * Common given and family names of communities in Britain, for synthetic people only. Each list is
 * roughly most common first; the generator combines them at random, so no combination stands for a
 * real individual. English family names get a long tail of made-up place-name surnames (stem and
 * ending, like Ashford or Brackley) so that not everybody shares a handful of surnames.
 */
export interface Origin {
  name: string;
  /** Share of the synthetic population. */
  share: number;
  female: readonly string[];
  male: readonly string[];
  family: readonly string[];
}

/** What a family of an origin records besides names: ethnic groups (2021 Census codes) and first languages. */
export interface OriginDetails {
  ethnicities: readonly string[];
  /** Languages other than English, with the share of adults who speak one first. */
  languages: readonly string[];
  otherLanguageShare: number;
}

const list = (text: string): readonly string[] => text.trim().split(/\s+/);

export const ORIGINS: readonly Origin[] = [
  {
    name: 'English',
    share: 0.52,
    female: list(`olivia amelia isla ava emily sophia grace lily mia poppy jessica elizabeth katherine rebecca samantha
      charlotte victoria abigail margaret susan jennifer natasha christine alexandra sarah emma laura hannah chloe lucy
      ellie ruby freya evie florence rosie holly megan jade leanne kelly donna tracy`),
    male: list(`oliver george harry jack jacob charlie thomas james william robert michael david daniel samuel joseph
      matthew benjamin christopher anthony nicholas jonathan richard stephen alexander noah leo oscar alfie henry edward
      archie freddie theo arthur lewis ryan luke kyle dean wayne`),
    family: list(`smith jones taylor brown williams wilson johnson davies robinson wright thompson evans walker white
      roberts green hall wood jackson clarke harris lewis turner hill cooper ward morris moore clark baker harrison king
      martin allen young mitchell parker bennett carter shaw cook bell collins marshall webb dixon hunt palmer mills
      holmes barnes knight lloyd butler russell barker fisher stevens jenkins murphy dawson`),
  },
  {
    name: 'Scottish',
    share: 0.06,
    female: list('isla eilidh morag fiona kirsty ailsa catriona shona mhairi iona skye rhona'),
    male: list('callum ewan fraser hamish angus lachlan struan ruaridh alasdair finlay murdo gregor'),
    family: list(`macdonald campbell stewart robertson murray mackenzie reid ross fraser henderson mcleod paterson
      ferguson mclean grant mackay mcintyre sinclair munro buchanan`),
  },
  {
    name: 'Welsh',
    share: 0.05,
    female: list('cerys seren ffion carys gwen bethan megan nia lowri sian eleri rhiannon'),
    male: list('dylan rhys gethin owain iwan ieuan gareth dafydd emyr huw aled osian'),
    family: list('jones williams davies evans thomas roberts hughes lewis morgan griffiths price rees jenkins owen lloyd powell pritchard parry'),
  },
  {
    name: 'Irish',
    share: 0.06,
    female: list('niamh aoife siobhan ciara roisin saoirse orla grainne caoimhe sinead maeve deirdre'),
    male: list('sean ciaran declan padraig conor eoin cillian darragh oisin fergal cathal ronan'),
    family: list(`murphy kelly byrne ryan walsh o'brien o'connor doyle mccarthy gallagher quinn brennan kavanagh
      o'neill fitzgerald lynch nolan duffy`),
  },
  {
    name: 'South Asian',
    share: 0.09,
    female: list('aisha fatima priya ananya simran zara amina nadia sana ayesha harleen jaspreet noor meera anjali'),
    male: list('mohammed muhammad ahmed ali hassan imran arjun rohan harpreet gurpreet ravi amir zain bilal sanjay'),
    family: list(`patel khan ahmed ali hussain begum shah singh kaur sharma mahmood iqbal rahman chowdhury miah akhtar
      islam choudhury gill sandhu mistry parmar bibi malik`),
  },
  {
    name: 'African',
    share: 0.05,
    female: list('amara chioma ngozi abena adwoa ife folake zainab ayan hodan funmilayo esi'),
    male: list('chidi emeka kwame kofi oluwaseun tunde adebola femi yaw abdirahman musa kwabena'),
    family: list('okafor adeyemi mensah okonkwo boateng osei adebayo nwosu asante owusu abdi mohamud mwangi kamara oyelaran'),
  },
  {
    name: 'Caribbean',
    share: 0.03,
    female: list('shanice tanisha kerry-ann marcia beverley simone paulette janelle'),
    male: list('jermaine tyrone marcus kemar leon delroy winston desmond'),
    family: list('campbell brown williams thompson grant francis joseph baptiste charles bailey gayle hylton samuels mcfarlane'),
  },
  {
    name: 'Polish',
    share: 0.04,
    female: list('zuzanna julia maja katarzyna agnieszka aleksandra magdalena joanna'),
    male: list('jakub kacper szymon piotr tomasz aleksander krzysztof pawel'),
    family: list('nowak kowalski wisniewski wojcik kowalczyk kaminski lewandowski zielinski szymanski wozniak kowalska nowicka'),
  },
  {
    name: 'Romanian',
    share: 0.02,
    female: list('andreea elena ioana maria gabriela mihaela'),
    male: list('andrei alexandru ionut mihai stefan cristian'),
    family: list('popescu ionescu popa pop radu dumitru stan stoica gheorghe matei constantin'),
  },
  {
    name: 'Turkish',
    share: 0.02,
    female: list('elif zeynep ayse fatma merve ebru'),
    male: list('mehmet mustafa emre burak can hakan'),
    family: list('yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin arslan dogan'),
  },
  {
    name: 'Chinese',
    share: 0.02,
    female: list('xin mei hui yan jing ling'),
    male: list('wei jun hao ming jian feng'),
    family: list('wang li zhang liu chen yang huang zhao wu zhou lin'),
  },
  {
    name: 'Arabic',
    share: 0.02,
    female: list('layla mariam huda rania yasmin salma'),
    male: list('omar khalid youssef ibrahim yusuf karim'),
    family: list('al-sayed hassan haddad khalil nasser saleh mansour abdullah farouk'),
  },
  {
    name: 'Other European',
    share: 0.02,
    female: list('ana sofia giulia ines laura eva'),
    male: list('joao luca marco pedro tiago andrius'),
    family: list('silva santos ferreira rossi russo bianchi kazlauskas petrov garcia'),
  },
];

/** Stems and endings of English place-name surnames: Ashford, Brackley, Thornton... */
export const PLACE_STEMS = list('ash brack brad brom cal crom dun elm fair hart hather kings lang mar north oak pen ridge ship stan thorn wake wes whit wind wor');
export const PLACE_ENDINGS = list('ford ley ton wood field well by ham worth dale bury stone more hurst');

/** By origin name; English is the default for anything unlisted. */
export const ORIGIN_DETAILS: Readonly<Record<string, OriginDetails>> = {
  English: { ethnicities: ['white-british', 'white-british', 'white-british', 'mixed-white-black-caribbean', 'white-gypsy-irish-traveller'], languages: [], otherLanguageShare: 0 },
  Scottish: { ethnicities: ['white-british'], languages: ['Scottish Gaelic'], otherLanguageShare: 0.01 },
  Welsh: { ethnicities: ['white-british'], languages: ['Welsh'], otherLanguageShare: 0.15 },
  Irish: { ethnicities: ['white-irish', 'white-irish', 'white-gypsy-irish-traveller'], languages: [], otherLanguageShare: 0 },
  'South Asian': { ethnicities: ['asian-pakistani', 'asian-indian', 'asian-bangladeshi', 'asian-pakistani', 'asian-indian'], languages: ['Urdu', 'Punjabi', 'Bengali', 'Sylheti', 'Gujarati', 'Tamil'], otherLanguageShare: 0.35 },
  African: { ethnicities: ['black-african'], languages: ['Somali', 'Yoruba', 'Twi', 'Igbo', 'Swahili', 'Tigrinya'], otherLanguageShare: 0.3 },
  Caribbean: { ethnicities: ['black-caribbean', 'black-caribbean', 'mixed-white-black-caribbean'], languages: [], otherLanguageShare: 0 },
  Polish: { ethnicities: ['white-other'], languages: ['Polish'], otherLanguageShare: 0.7 },
  Romanian: { ethnicities: ['white-other', 'white-roma'], languages: ['Romanian', 'Romani'], otherLanguageShare: 0.7 },
  Turkish: { ethnicities: ['white-other', 'other-any'], languages: ['Turkish', 'Kurdish'], otherLanguageShare: 0.5 },
  Chinese: { ethnicities: ['asian-chinese'], languages: ['Cantonese', 'Mandarin'], otherLanguageShare: 0.5 },
  Arabic: { ethnicities: ['other-arab'], languages: ['Arabic'], otherLanguageShare: 0.55 },
  'Other European': { ethnicities: ['white-other'], languages: ['Portuguese', 'Italian', 'Lithuanian', 'Spanish', 'Bulgarian'], otherLanguageShare: 0.5 },
};

/**
 * Spellings of one name that agencies use for the same person: transliterations (Arabic, Bengali,
 * Somali, Urdu), anglicised forms and the diacritics a British system often drops. Lower case.
 */
export const SPELLING_VARIANTS: readonly (readonly string[])[] = [
  ['mohammed', 'muhammad', 'mohamed', 'mohammad', 'muhammed'],
  ['ahmed', 'ahmad', 'ahmet'],
  ['aisha', 'ayesha', 'aysha', 'aishah'],
  ['fatima', 'fatimah', 'fatma'],
  ['hassan', 'hasan'],
  ['hussain', 'hussein', 'husain', 'hossain'],
  ['yusuf', 'yousef', 'youssef', 'yousuf'],
  ['ibrahim', 'ebrahim'],
  ['omar', 'umar'],
  ['zainab', 'zaynab', 'zeinab'],
  ['khalid', 'khaled'],
  ['amir', 'ameer'],
  ['karim', 'kareem'],
  ['mariam', 'maryam', 'miriam'],
  ['layla', 'laila', 'leila'],
  ['noor', 'nur'],
  ['imran', 'imraan'],
  ['bilal', 'belal'],
  ['chowdhury', 'choudhury', 'chaudhry', 'chaudhary'],
  ['rahman', 'rehman'],
  ['mahmood', 'mahmud', 'mehmood'],
  ['akhtar', 'akhter'],
  ['begum', 'begom'],
  ['miah', 'mia'],
  ['mohamud', 'mohamoud', 'mahamud'],
  ['abdi', 'cabdi'],
  ['abdirahman', 'abdurahman', 'abdulrahman'],
  ['al-sayed', 'el-sayed', 'alsayed'],
  ['abdullah', 'abdallah'],
  ['oluwaseun', 'seun'],
  ['wisniewski', 'wiśniewski'],
  ['zielinski', 'zieliński'],
  ['kaminski', 'kamiński'],
  ['wozniak', 'woźniak'],
  ['wojcik', 'wójcik'],
  ['pawel', 'paweł'],
  ['szymanski', 'szymański'],
  ['ionut', 'ionuț'],
  ['stefan', 'ștefan'],
  ['ozturk', 'öztürk'],
  ['sahin', 'şahin'],
  ['celik', 'çelik'],
  ['yildiz', 'yıldız'],
  ['dogan', 'doğan'],
  ['ayse', 'ayşe'],
  ['joao', 'joão'],
  ['ines', 'inês'],
  ['siobhan', 'shivaun', 'chevonne'],
  ['niamh', 'neve', 'neeve'],
  ['aoife', 'eva', 'efa'],
  ['sean', 'shaun', 'shawn'],
  ['catriona', 'katriona', 'catrina'],
  ['sian', 'shan'],
  ['rhys', 'reece', 'reese'],
  ['zoe', 'zoë'],
];

/** The other spellings of this name (lower case), if it has any. */
export function spellingsOf(name: string): readonly string[] {
  return SPELLINGS.get(name.toLowerCase()) ?? [];
}

const SPELLINGS = new Map<string, readonly string[]>(SPELLING_VARIANTS.flatMap((group) => group.map((n) => [n, group.filter((m) => m !== n)] as const)));
