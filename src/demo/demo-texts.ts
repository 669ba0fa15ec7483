import type { OrganisationKind } from '../organisations/organisation-kind.js';

/**
 * The Dutch texts of the demo municipality: what a neighbourhood team would actually write. Goals and
 * actions are grouped per life domain (codes of src/tenants/default-life-domains.ts); each action says who
 * typically carries it out, which the story resolves to one of the four owner types.
 */

/** Who carries out an action: a partner (its professional, or the organisation), a parent, a child, the network, or the coordinator. */
export type OwnerHint = 'partner' | 'partner_org' | 'parent' | 'child' | 'network' | 'coordinator';

/** A text that only fits some families: with a father at home, or with a son of twelve or older. */
export type Need = 'father' | 'son';

export interface ActionText {
  text: string;
  owner: OwnerHint;
  needs?: Need;
}

export interface GoalText {
  text: string;
  needs?: Need;
}

export interface DomainTexts {
  /** The partner organisation that usually works on this domain, if any. */
  partner?: OrganisationKind;
  goals: GoalText[];
  actions: ActionText[];
}

const father = (text: string): GoalText => ({ text, needs: 'father' });
const son = (text: string): GoalText => ({ text, needs: 'son' });

export const DOMAIN_TEXTS: Record<string, DomainTexts> = {
  finances: {
    partner: 'debt_counselling',
    goals: [{ text: 'Schulden zijn in beeld en er is een betalingsregeling' }, { text: 'Vaste lasten worden elke maand op tijd betaald' }, { text: 'Het inkomen is op orde: toeslagen zijn aangevraagd' }],
    actions: [
      { text: 'Alle ongeopende post verzamelen en meenemen naar de schuldhulp', owner: 'parent' },
      { text: 'Intakegesprek schuldhulpverlening en overzicht van schuldeisers maken', owner: 'partner' },
      { text: 'Aanvraag wettelijke schuldsanering voorbereiden', owner: 'partner_org' },
      { text: 'Huurtoeslag en zorgtoeslag controleren en aanvragen', owner: 'partner' },
      { text: 'Budgetcursus in het buurthuis volgen', owner: 'parent' },
      { text: 'Elke maandag samen de administratie bijhouden', owner: 'network' },
    ],
  },
  housing: {
    partner: 'housing',
    goals: [{ text: 'De huur wordt weer op tijd betaald en ontruiming is van de baan' }, { text: 'Er komen geen overlastmeldingen meer van de buren' }, { text: 'Het huis is schoon en veilig' }],
    actions: [
      { text: 'Huurachterstand bespreken met de woningcorporatie en een regeling treffen', owner: 'partner' },
      { text: 'Buurtbemiddeling inzetten voor het gesprek met de bovenburen', owner: 'partner_org' },
      { text: 'Afspraken over geluid na 22.00 uur op de koelkast hangen', owner: 'parent' },
      { text: 'Grote schoonmaak van het huis, samen met familie', owner: 'network' },
      { text: 'Rookmelders laten plaatsen en kapotte deur laten repareren', owner: 'partner_org' },
    ],
  },
  parenting: {
    partner: 'youth_care',
    goals: [{ text: 'De kinderen gaan elke dag naar school' }, { text: 'Ouders hebben weer grip op de opvoeding' }, { text: 'Er is een vaste dagstructuur voor de kinderen' }],
    actions: [
      { text: 'Wekelijks huisbezoek opvoedondersteuning', owner: 'partner' },
      { text: 'Cursus positief opvoeden volgen', owner: 'parent' },
      { text: 'Vast avondritueel: om 18.00 uur samen eten', owner: 'parent' },
      { text: 'Op woensdagmiddag oppassen en huiswerk maken met de kinderen', owner: 'network' },
      { text: 'Gezinsplan bespreken in een familienetwerkberaad', owner: 'coordinator' },
    ],
  },
  domestic_relations: {
    partner: 'youth_care',
    goals: [{ text: 'Er zijn geen ruzies meer waarbij de politie moet komen' }, { text: 'Ouders maken samen afspraken over de kinderen na de scheiding' }],
    actions: [
      { text: 'Gezinsgesprekken over spanning en ruzies in huis', owner: 'partner' },
      { text: 'Time-outplan opstellen en ophangen', owner: 'parent' },
      { text: 'Mediation over omgang aanvragen', owner: 'partner_org' },
      { text: 'Opvang bij de zus van moeder als het thuis te hoog oploopt', owner: 'network' },
    ],
  },
  mental_health: {
    partner: 'mental_health',
    goals: [{ text: 'Moeder krijgt passende hulp bij haar somberheid' }, father('Vader leert met zijn woede om te gaan')],
    actions: [
      { text: 'Afspraak maken bij de huisarts voor een verwijzing', owner: 'parent' },
      { text: 'Intake bij de GGZ en een behandelplan opstellen', owner: 'partner' },
      { text: 'Agressieregulatietraining aanbieden', owner: 'partner_org' },
      { text: 'Twee keer per week samen wandelen', owner: 'network' },
    ],
  },
  substance_use: {
    partner: 'mental_health',
    goals: [{ text: 'Er wordt niet meer geblowd in huis' }, father('Het alcoholgebruik van vader is teruggebracht')],
    actions: [
      { text: 'Aanmelden bij de verslavingszorg', owner: 'partner_org' },
      { text: 'Een lotgenotengroep bezoeken', owner: 'parent' },
      { text: 'Afspraken over gebruik in huis vastleggen en ondertekenen', owner: 'coordinator' },
    ],
  },
  work_education: {
    partner: 'school',
    goals: [son('De oudste zoon haalt zijn startkwalificatie'), father('Vader heeft een vaste dagbesteding of werk'), { text: 'Moeder vindt werk dat past bij de zorg voor de kinderen' }],
    actions: [
      { text: 'Gesprek met mentor en leerplichtambtenaar over het verzuim', owner: 'partner' },
      { text: 'Aanmelden voor het leerwerktraject van het ROC', owner: 'child' },
      { text: 'Gesprek met de werkcoach van de gemeente', owner: 'parent' },
      { text: 'Samen een sollicitatiebrief schrijven', owner: 'network' },
    ],
  },
  justice: {
    partner: 'police',
    goals: [son('De zoon heeft geen nieuwe politiecontacten'), { text: 'De taakstraf wordt volledig uitgevoerd' }],
    actions: [
      { text: 'Gesprek met wijkagent en jongerenwerker over het gedrag op straat', owner: 'partner' },
      { text: 'Halt-afdoening afronden', owner: 'child' },
      { text: 'Buurtpreventie-overleg over de hangplek bij de flat', owner: 'partner_org' },
    ],
  },
  social_network: {
    goals: [{ text: 'Het gezin heeft mensen om op terug te vallen' }, { text: 'Moeder heeft elke week contact buiten het gezin' }],
    actions: [
      { text: 'Familienetwerkberaad organiseren', owner: 'coordinator' },
      { text: 'Koffieochtend in het buurthuis bezoeken', owner: 'parent' },
      { text: 'Elke zondag langskomen en samen koken', owner: 'network' },
    ],
  },
  time_use: {
    goals: [{ text: 'De kinderen hebben een zinvolle vrijetijdsbesteding' }, son('De zoon sport twee keer per week')],
    actions: [
      { text: 'Aanmelden bij de voetbalclub via het Jeugdfonds Sport & Cultuur', owner: 'parent' },
      { text: 'Zoon ophalen voor de training op dinsdag en donderdag', owner: 'network', needs: 'son' },
      { text: 'Zelf naar de kennismakingstraining gaan', owner: 'child' },
    ],
  },
  community_participation: {
    goals: [{ text: 'Moeder doet mee in de buurt' }, { text: 'Het gezin kent de buren en de buren kennen het gezin' }],
    actions: [
      { text: 'Vrijwilligerswerk bij de voedselbank uitproberen', owner: 'parent' },
      { text: 'Kennismaken met de buren tijdens de straatbarbecue', owner: 'parent' },
      { text: 'Meegaan naar het taalcafé in de bibliotheek', owner: 'network' },
    ],
  },
};

/** Why the 43 families were registered: serious nuisance, usually with a stack of problems behind it. */
export const REGISTRATION_REASONS: string[] = [
  'Ernstige woonoverlast: herhaaldelijk geluidsoverlast en ruzies, meerdere meldingen van omwonenden bij de woningcorporatie.',
  'Huurachterstand van ruim drie maanden en dreigende ontruiming; de school meldt veel verzuim van de kinderen.',
  'Politie meldt herhaaldelijk ruzies in huis; de kinderen zijn vaak tot laat op straat.',
  'Vervuilde woning en zorgen over de opvoeding; melding via Veilig Thuis.',
  'Oudste zoon betrokken bij vernielingen en intimidatie in de wijk; ouders hebben geen grip meer.',
  'Stapeling van schulden (energie, zorgverzekering, huur) en psychische klachten bij moeder; buren klagen over overlast.',
  'Jongerenoverlast rond de woning, blowen in het portiek en schooluitval van de 16-jarige.',
  'Burenruzie loopt hoog op; wijkagent en woningcorporatie vragen om één aanpak voor het hele gezin.',
  'Afgesloten energie dreigt, kinderen missen school, vader is na ontslag thuis en drinkt veel.',
  'Meldingen van hondenoverlast, afval op de galerij en agressie naar buren; eerdere hulp is afgehaakt.',
];

/** The family's wishes in their own words, with the life domains they are about (none: fits every family). */
export const FAMILY_WISHES: Array<{ text: string; domains?: string[]; needs?: Need }> = [
  { text: 'We willen gewoon rust in huis, en dat de buren ons weer groeten.' },
  { text: 'Ik wil dat mijn kinderen elke dag naar school gaan en dat de deurwaarder niet meer aan de deur komt.', domains: ['finances', 'parenting'] },
  { text: 'Een eigen plek waar we kunnen blijven wonen, zonder brieven van de woningcorporatie.', domains: ['housing'] },
  { text: 'Dat de politie niet meer langskomt. Dat we weer samen aan tafel eten.', domains: ['justice', 'domestic_relations'] },
  { text: 'Ik wil weer werken en zelf mijn rekeningen betalen.', domains: ['work_education', 'finances'] },
  { text: 'Dat mijn zoon zijn school afmaakt en niet op straat belandt zoals zijn neven.', domains: ['work_education', 'justice', 'time_use'], needs: 'son' },
  { text: 'Minder ruzie. Dat de kinderen niet meer bang zijn als papa en mama praten.', domains: ['domestic_relations'], needs: 'father' },
  { text: 'Ik wil weten hoeveel schuld we hebben en een plan hoe het weg gaat.', domains: ['finances'] },
  { text: 'Dat ik me weer goed voel en er voor de kinderen kan zijn.', domains: ['mental_health', 'substance_use'] },
  { text: 'Dat de kinderen vriendjes hebben en gewoon mee kunnen doen, met sport en zo.', domains: ['time_use', 'social_network', 'community_participation'] },
];

export const FAMILY_STRENGTHS: Array<{ text: string; needs?: Need }> = [
  { text: 'We houden van elkaar en we geven niet op.' },
  { text: 'Oma is er altijd voor ons, ook als het slecht gaat.' },
  { text: 'Mijn zoon is goed in voetbal en de trainer ziet hem echt staan.', needs: 'son' },
  { text: 'Ik kan goed koken en ik hou het huis bij als ik me goed voel.' },
  { text: 'We durven hulp te vragen, ook al vinden we dat moeilijk.' },
  { text: 'De kinderen zijn slim en de jongste doet het goed op school.' },
  { text: 'Vader kan goed klussen en helpt de buren graag als hij de kans krijgt.', needs: 'father' },
  { text: 'We hebben al eerder een moeilijke tijd doorstaan.' },
];

export interface NetworkText {
  name: (firstName: string) => string;
  relation: string;
  support: string;
}

export const NETWORK: NetworkText[] = [
  { name: (n) => `Oma ${n}`, relation: 'grootmoeder', support: 'Past op woensdagmiddag op de kinderen en eet op zondag mee.' },
  { name: (n) => `Buurman ${n}`, relation: 'buurman', support: 'Helpt met klusjes en kijkt elke week samen met het gezin naar de post.' },
  { name: (n) => `Tante ${n}`, relation: 'tante', support: 'Neemt de kinderen op als het thuis te druk wordt.' },
  { name: (n) => `${n} (voetbaltrainer)`, relation: 'voetbaltrainer', support: 'Haalt de kinderen op voor de training en houdt contact met de ouders.' },
  { name: (n) => `${n} (Humanitas)`, relation: 'vrijwilliger thuisadministratie', support: 'Komt elke maandag helpen met de administratie.' },
  { name: (n) => `Neef ${n}`, relation: 'neef', support: 'Gaat mee naar afspraken en helpt met vertalen.' },
  { name: (n) => `Buurvrouw ${n}`, relation: 'buurvrouw', support: 'Wandelt twee keer per week met moeder.' },
];

export const COMMUNITY_RESOURCES: Array<{ name: string; kind: string; note?: string }> = [
  { name: 'Buurthuis De Schakel — budgetcursus', kind: 'budgetcursus', note: 'Zes dinsdagavonden, gratis voor inwoners.' },
  { name: 'Voedselbank Demostad', kind: 'voedselhulp', note: 'Tijdelijk, tot de schuldregeling loopt.' },
  { name: 'VV Demostad — jeugdvoetbal', kind: 'sportclub' },
  { name: 'Jeugdfonds Sport & Cultuur', kind: 'fonds', note: 'Betaalt de contributie van de kinderen.' },
  { name: 'Taalcafé Bibliotheek Demostad', kind: 'taalles' },
  { name: 'Home-Start Demostad', kind: 'gezinsondersteuning door vrijwilligers' },
  { name: 'Jongerenwerk De Plek', kind: 'jongerenwerk', note: 'Inloop op woensdag- en vrijdagavond.' },
  { name: 'SchuldHulpMaatje Demostad', kind: 'maatje' },
];

/** Role text of a care-team link, per partner kind. */
export const CARE_TEAM_ROLES: Partial<Record<OrganisationKind, string>> = {
  youth_care: 'ambulante jeugdhulp',
  mental_health: 'GGZ-behandeling',
  debt_counselling: 'schuldhulpverlening',
  housing: 'woonconsulent',
  school: 'zorgcoördinator school',
  police: 'wijkagent',
};

export const ASSIGN_REASONS = ['Eerste regisseur na aanmelding', 'Regie opgepakt na het intakegesprek', 'Toegewezen in het casusoverleg van het wijkteam'];

export const CLOSE_REASONS = [
  'Doelen behaald: geen overlastmeldingen meer en de schulden staan in een regeling.',
  'Gezin redt het zelf met steun van het eigen netwerk; nazorg afgerond.',
  'Doelen behaald: kinderen gaan naar school en de huur wordt betaald.',
  'Rust in de wijk; de woningcorporatie heeft de waarschuwing ingetrokken.',
];

export const REOPEN_REASON = 'Nieuwe overlastmeldingen van buren sinds de oudste zoon weer thuis woont; terugval.';
export const HANDOVER_REASON = 'Caseload herverdeeld: overgedragen aan de regisseur met de meeste ervaring met overlastgezinnen.';

/** Contact moments of a year of casework (home visits, calls, meetings), in the words of a coordinator's log. */
export const CONTACT_NOTES: Record<'home_visit' | 'call' | 'meeting', string[]> = {
  home_visit: [
    'Huisbezoek: samen de afspraken van het plan doorgelopen; moeder geeft aan dat het rustiger is in huis.',
    'Huisbezoek met de jeugdhulpverlener: kinderen waren thuis, sfeer ontspannen, post is geopend en gesorteerd.',
    'Huisbezoek: het huis is opgeruimd; vader vertelt over zijn eerste week bij de werkcoach.',
    'Huisbezoek: gesproken over de klachten van de buren; het gezin wil zelf een gesprek met de bovenburen.',
    'Huisbezoek: oma was erbij; zij past nu vast op woensdag op. Afspraken opnieuw op de koelkast gehangen.',
  ],
  call: [
    'Telefonisch contact met moeder: de betalingsregeling loopt, de eerste termijn is betaald.',
    'Gebeld met de mentor van school: het verzuim is deze maand flink gedaald.',
    'Moeder belde zelf: er was weer ruzie, samen de time-outafspraken doorgenomen.',
    'Telefonisch contact met de woonconsulent: geen nieuwe overlastmeldingen ontvangen.',
    'Vader gebeld over de afspraak bij de GGZ; hij gaat, de buurman rijdt mee.',
  ],
  meeting: [
    'Netwerkberaad in het buurthuis met familie, buurman en de voetbaltrainer: wie doet wat de komende maand.',
    'Casusoverleg met jeugdhulp, schuldhulp en de woningcorporatie: één lijn afgesproken richting het gezin.',
    'Evaluatiegesprek van het plan met het gezin: twee doelen behaald, één doel aangescherpt.',
    'Overleg met wijkagent en jongerenwerk over de hangplek; de zoon doet mee aan het sportprogramma.',
  ],
};
