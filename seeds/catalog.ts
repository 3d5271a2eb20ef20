import type { ActivityFormat, Audience, Language, OrganizerKind, Topic } from '../src/db/types.js';

/** What the demo organizers are; `home` is a town name for local organizers. */
export interface OrganizerSpec {
  key: string;
  name: string;
  kind: OrganizerKind;
  website: string;
  description: string;
  email: string;
  phone: string;
  trusted?: boolean;
}

/** One kind of activity an organizer runs; {ort} is replaced by the town's name. */
export interface ActivityTemplate {
  title: string;
  summary: string;
  description: string;
  audiences: Audience[];
  topics: Topic[];
  languages?: Language[];
  format?: ActivityFormat;
  /** Start times (local, HH:mm) to choose among. */
  starts: string[];
  minutes: number;
  registration?: 'phone' | 'url';
  capacity?: number;
}

export const NATIONAL_ORGANIZERS: OrganizerSpec[] = [
  {
    key: 'ssc',
    name: 'Statens servicecenter',
    kind: 'agency',
    website: 'https://www.statenssc.se',
    description:
      'Statens servicecenter driver de statliga servicekontoren, där du får personlig hjälp med ärenden hos Försäkringskassan, Skatteverket, Pensionsmyndigheten och Arbetsförmedlingen.',
    email: 'servicekontor@statenssc.se',
    phone: '0771-524 200',
    trusted: true,
  },
  {
    key: 'digitalidag',
    name: 'Digital@Idag',
    kind: 'other',
    website: 'https://digitalidag.se',
    description:
      'Digital@Idag är en årlig nationell temadag om digitaliseringens möjligheter och utmaningar, initierad av bland andra FfO, IVA, LO, DIGG, SKR och Statens servicecenter.',
    email: 'info@digitalidag.se',
    phone: '08-791 29 00',
    trusted: true,
  },
  {
    key: 'skatteverket',
    name: 'Skatteverket',
    kind: 'agency',
    website: 'https://www.skatteverket.se',
    description: 'Skatteverket ansvarar för bland annat beskattning, folkbokföring och id-kort.',
    email: 'kommunikation@skatteverket.se',
    phone: '0771-567 567',
    trusted: true,
  },
  {
    key: 'forsakringskassan',
    name: 'Försäkringskassan',
    kind: 'agency',
    website: 'https://www.forsakringskassan.se',
    description: 'Försäkringskassan administrerar socialförsäkringen: föräldrapenning, sjukpenning, bostadsbidrag och mycket mer.',
    email: 'press@forsakringskassan.se',
    phone: '0771-524 524',
    trusted: true,
  },
  {
    key: 'pensionsmyndigheten',
    name: 'Pensionsmyndigheten',
    kind: 'agency',
    website: 'https://www.pensionsmyndigheten.se',
    description: 'Pensionsmyndigheten betalar ut allmän pension och informerar om hela pensionen.',
    email: 'kundservice@pensionsmyndigheten.se',
    phone: '0771-776 776',
    trusted: true,
  },
  {
    key: 'arbetsformedlingen',
    name: 'Arbetsförmedlingen',
    kind: 'agency',
    website: 'https://arbetsformedlingen.se',
    description: 'Arbetsförmedlingen hjälper arbetssökande och arbetsgivare att hitta varandra.',
    email: 'kundtjanst@arbetsformedlingen.se',
    phone: '0771-416 416',
    trusted: true,
  },
  {
    key: 'digg',
    name: 'Myndigheten för digital förvaltning (DIGG)',
    kind: 'agency',
    website: 'https://www.digg.se',
    description: 'DIGG samordnar och stödjer den förvaltningsgemensamma digitaliseringen i Sverige.',
    email: 'info@digg.se',
    phone: '0771-11 44 00',
    trusted: true,
  },
  {
    key: 'skr',
    name: 'Sveriges Kommuner och Regioner',
    kind: 'association',
    website: 'https://skr.se',
    description: 'SKR är en arbetsgivar- och intresseorganisation för Sveriges kommuner och regioner.',
    email: 'info@skr.se',
    phone: '08-452 70 00',
  },
  {
    key: 'abf',
    name: 'ABF',
    kind: 'study_association',
    website: 'https://www.abf.se',
    description: 'Arbetarnas bildningsförbund ordnar studiecirklar, kurser och kultur i hela landet.',
    email: 'info@abf.se',
    phone: '08-613 50 00',
  },
  {
    key: 'sv',
    name: 'Studieförbundet Vuxenskolan',
    kind: 'study_association',
    website: 'https://www.sv.se',
    description: 'Studieförbundet Vuxenskolan erbjuder studiecirklar och kurser för vuxna över hela Sverige.',
    email: 'info@sv.se',
    phone: '08-587 686 00',
  },
  {
    key: 'medborgarskolan',
    name: 'Medborgarskolan',
    kind: 'study_association',
    website: 'https://www.medborgarskolan.se',
    description: 'Medborgarskolan är ett studieförbund med kurser och cirklar för alla åldrar.',
    email: 'info@medborgarskolan.se',
    phone: '08-545 161 00',
  },
  {
    key: 'studieframjandet',
    name: 'Studiefrämjandet',
    kind: 'study_association',
    website: 'https://www.studieframjandet.se',
    description: 'Studiefrämjandet är ett studieförbund för dig som vill lära dig mer om det du brinner för.',
    email: 'info@studieframjandet.se',
    phone: '08-545 703 00',
  },
  {
    key: 'nbv',
    name: 'NBV',
    kind: 'study_association',
    website: 'https://www.nbv.se',
    description: 'Nykterhetsrörelsens bildningsverksamhet ordnar cirklar och kurser i hela landet.',
    email: 'info@nbv.se',
    phone: '08-674 67 00',
  },
  {
    key: 'folkuniversitetet',
    name: 'Folkuniversitetet',
    kind: 'study_association',
    website: 'https://www.folkuniversitetet.se',
    description: 'Folkuniversitetet erbjuder kurser i språk, data och mycket annat, i samarbete med universiteten.',
    email: 'info@folkuniversitetet.se',
    phone: '08-789 41 00',
  },
  {
    key: 'pro',
    name: 'PRO – Pensionärernas riksorganisation',
    kind: 'association',
    website: 'https://www.pro.se',
    description: 'PRO är Sveriges största pensionärsorganisation med föreningar i hela landet.',
    email: 'info@pro.se',
    phone: '08-701 67 00',
  },
  {
    key: 'spf',
    name: 'SPF Seniorerna',
    kind: 'association',
    website: 'https://www.spfseniorerna.se',
    description: 'SPF Seniorerna är en partipolitiskt obunden organisation för seniorer.',
    email: 'info@spfseniorerna.se',
    phone: '08-692 32 00',
  },
  {
    key: 'seniornet',
    name: 'SeniorNet Sverige',
    kind: 'association',
    website: 'https://www.seniornet.se',
    description: 'SeniorNet Sverige är en ideell förening där seniorer hjälper seniorer att använda datorer, surfplattor och mobiler.',
    email: 'kansli@seniornet.se',
    phone: '08-611 11 50',
  },
  {
    key: 'telia',
    name: 'Telia Company',
    kind: 'company',
    website: 'https://www.telia.se',
    description: 'Telia driver programmet Surfa Lugnt om trygghet på nätet, tillsammans med bibliotek och föreningar.',
    email: 'surfalugnt@telia.se',
    phone: '90 200',
  },
  {
    key: 'bank',
    name: 'Sparbanken Syd',
    kind: 'company',
    website: 'https://www.sparbankensyd.se',
    description: 'Sparbanken Syd är en fristående sparbank i södra Skåne.',
    email: 'info@sparbankensyd.se',
    phone: '0411-82 20 00',
  },
];

/** Local organizers: [name, kind, town]. */
export const LOCAL_ORGANIZERS: [string, OrganizerKind, string][] = [
  ['Umeå stadsbibliotek', 'library', 'Umeå'],
  ['Stadsbiblioteket Göteborg', 'library', 'Göteborg'],
  ['Malmö stadsbibliotek', 'library', 'Malmö'],
  ['Stockholms stadsbibliotek', 'library', 'Stockholm'],
  ['Uppsala stadsbibliotek', 'library', 'Uppsala'],
  ['Linköpings stadsbibliotek', 'library', 'Linköping'],
  ['Örebro stadsbibliotek', 'library', 'Örebro'],
  ['Västerås stadsbibliotek', 'library', 'Västerås'],
  ['Norrköpings stadsbibliotek', 'library', 'Norrköping'],
  ['Helsingborgs stadsbibliotek', 'library', 'Helsingborg'],
  ['Jönköpings stadsbibliotek', 'library', 'Jönköping'],
  ['Luleå stadsbibliotek', 'library', 'Luleå'],
  ['Sundsvalls stadsbibliotek', 'library', 'Sundsvall'],
  ['Gävle stadsbibliotek', 'library', 'Gävle'],
  ['Karlstads stadsbibliotek', 'library', 'Karlstad'],
  ['Växjö stadsbibliotek', 'library', 'Växjö'],
  ['Östersunds bibliotek', 'library', 'Östersund'],
  ['Falu stadsbibliotek', 'library', 'Falun'],
  ['Kalmar stadsbibliotek', 'library', 'Kalmar'],
  ['Almedalsbiblioteket', 'library', 'Visby'],
  ['Karlskrona stadsbibliotek', 'library', 'Karlskrona'],
  ['Halmstads stadsbibliotek', 'library', 'Halmstad'],
  ['Kristianstads stadsbibliotek', 'library', 'Kristianstad'],
  ['Eskilstuna stadsbibliotek', 'library', 'Eskilstuna'],
  ['Borås stadsbibliotek', 'library', 'Borås'],
  ['Skellefteå stadsbibliotek', 'library', 'Skellefteå'],
  ['Kiruna stadsbibliotek', 'library', 'Kiruna'],
  ['Mora bibliotek', 'library', 'Mora'],
  ['Lunds stadsbibliotek', 'library', 'Lund'],
  ['Trollhättans stadsbibliotek', 'library', 'Trollhättan'],
  ['Nyköpings bibliotek', 'library', 'Nyköping'],
  ['Hudiksvalls bibliotek', 'library', 'Hudiksvall'],
  ['Örnsköldsviks bibliotek', 'library', 'Örnsköldsvik'],
  ['Haparanda stadsbibliotek', 'library', 'Haparanda'],
  ['Sollentuna bibliotek', 'library', 'Sollentuna'],
  ['Sundsvalls kommun', 'municipality', 'Sundsvall'],
  ['Gävle kommun', 'municipality', 'Gävle'],
  ['Västerås stad', 'municipality', 'Västerås'],
  ['Örebro kommun', 'municipality', 'Örebro'],
  ['Uppsala kommun', 'municipality', 'Uppsala'],
  ['Luleå kommun', 'municipality', 'Luleå'],
  ['Umeå kommun', 'municipality', 'Umeå'],
  ['Karlstads kommun', 'municipality', 'Karlstad'],
  ['Jönköpings kommun', 'municipality', 'Jönköping'],
  ['Växjö kommun', 'municipality', 'Växjö'],
  ['Helsingborgs stad', 'municipality', 'Helsingborg'],
  ['Borås Stad', 'municipality', 'Borås'],
  ['Kiruna kommun', 'municipality', 'Kiruna'],
  ['Östersunds kommun', 'municipality', 'Östersund'],
  ['Norrtälje kommun', 'municipality', 'Norrtälje'],
  ['Region Skåne', 'region', 'Malmö'],
  ['Region Västerbotten', 'region', 'Umeå'],
  ['Region Jämtland Härjedalen', 'region', 'Östersund'],
  ['Komvux Botkyrka', 'school', 'Tumba'],
  ['Nacka Komvux', 'school', 'Nacka'],
];

const COACHING: ActivityTemplate = {
  title: 'Gör dig själv en e-tjänst på servicekontoret i {ort}',
  summary: 'Servicehandläggarna coachar dig att göra dina ärenden själv, vid en kundarbetsplats eller i din egen mobil.',
  description:
    'Under Digital@Idag får du hjälp att använda e-tjänsterna hos Försäkringskassan, Skatteverket, Pensionsmyndigheten och Arbetsförmedlingen. ' +
    'Du gör ditt ärende vid en av våra kundarbetsplatser eller på din egen mobil, och en servicehandläggare står bredvid och berättar hur du gör.\n\n' +
    'Saknar du e-legitimation hjälper vi dig att komma igång. Vi visar också hur du laddar ner myndigheternas appar så att du kan sköta dina ärenden på egen hand. ' +
    'Ta gärna med id-handling och din mobil. Ingen föranmälan, kom när det passar dig.',
  audiences: ['everyone', 'elderly', 'newly_arrived'],
  topics: ['e_services', 'e_id'],
  starts: ['09:00', '10:00', '13:00'],
  minutes: 300,
};

export const TEMPLATES: Record<string, ActivityTemplate[]> = {
  ssc: [COACHING],
  library: [
    {
      title: 'Digital drop-in: fråga om dator, mobil och surfplatta',
      summary: 'Kom med dina frågor om din dator, mobil eller surfplatta. Bibliotekarier och volontärer hjälper dig.',
      description:
        'Har du fastnat med mobilen, vill du komma igång med surfplattan eller undrar du hur man skickar bilder? ' +
        'På biblioteket i {ort} hjälper vi dig i lugn takt, en och en. Ta med din egen enhet och dina inloggningar om du har några. ' +
        'Vi har också lånedatorer om du vill prova.',
      audiences: ['elderly', 'everyone'],
      topics: ['basics', 'communication'],
      starts: ['10:00', '13:00', '14:00'],
      minutes: 120,
    },
    {
      title: 'Säker på nätet – så undviker du bedrägerier',
      summary: 'Lär dig känna igen falska sms, mejl och samtal, och hur du skyddar din e-legitimation.',
      description:
        'Bedragare blir allt skickligare. Vi går igenom vanliga knep, hur du känner igen en falsk länk och varför du aldrig ska legitimera dig med BankID när någon ringer dig. ' +
        'Föredraget är ungefär en timme, sedan finns tid för frågor. Fri entré, ingen anmälan.',
      audiences: ['elderly', 'everyone'],
      topics: ['online_safety', 'e_id'],
      starts: ['13:00', '15:00', '18:00'],
      minutes: 90,
    },
    {
      title: 'Kom igång med BankID och Mobilt BankID',
      summary: 'Steg för steg genom hur du skaffar och använder Mobilt BankID, i en liten grupp.',
      description:
        'Vi visar hur e-legitimation fungerar och hjälper dig att installera Mobilt BankID. Du behöver ha en bank som erbjuder BankID och ta med din mobil. ' +
        'Begränsat antal platser, anmäl dig till biblioteket i {ort}.',
      audiences: ['elderly', 'newly_arrived'],
      topics: ['e_id', 'payments'],
      starts: ['10:00', '14:00'],
      minutes: 90,
      registration: 'phone',
      capacity: 12,
    },
    {
      title: 'Digital språkcafé för nyanlända',
      summary: 'Öva svenska och lär dig samtidigt använda 1177, Skatteverket och andra e-tjänster.',
      description:
        'Språkcaféet på biblioteket i {ort} har temat digitala samhällstjänster. Vi pratar svenska tillsammans och visar hur du hittar på myndigheternas webbplatser. ' +
        'Tolkstöd finns på arabiska, dari och somaliska.',
      audiences: ['newly_arrived'],
      topics: ['e_services', 'health'],
      languages: ['sv', 'ar', 'fa', 'so'],
      starts: ['15:00', '17:00'],
      minutes: 120,
    },
  ],
  study_association: [
    {
      title: 'Studiecirkel: Digitalt för nybörjare',
      summary: 'Första träffen i en studiecirkel för dig som vill lära dig grunderna i mobil och surfplatta.',
      description:
        'Vi träffas i små grupper och lär oss grunderna: att skicka meddelanden, ringa videosamtal, söka på internet och hålla enheten uppdaterad. ' +
        'Den här dagen är en öppen provträff i {ort}. Fortsätter du i cirkeln träffas vi sedan varannan vecka.',
      audiences: ['elderly'],
      topics: ['basics', 'communication'],
      starts: ['10:00', '13:00', '18:00'],
      minutes: 120,
      registration: 'url',
      capacity: 10,
    },
    {
      title: 'Swish, internetbank och digitala betalningar',
      summary: 'Hur betalar man räkningar digitalt och tryggt? En praktisk genomgång med tid för frågor.',
      description:
        'Vi visar hur internetbanken fungerar, hur du använder Swish och hur du betalar räkningar utan papper. ' +
        'Vi pratar också om hur du skyddar dig mot bedrägerier. Ta med din mobil om du har en.',
      audiences: ['elderly', 'everyone'],
      topics: ['payments', 'online_safety'],
      starts: ['13:00', '18:00'],
      minutes: 120,
    },
    {
      title: 'Digitala verktyg för arbetssökande',
      summary: 'Skriv cv, sök jobb på nätet och förbered dig för en digital intervju.',
      description:
        'En workshop för dig som söker arbete. Vi går igenom Platsbanken, hur du laddar upp ditt cv och hur ett videomöte med en arbetsgivare går till. ' +
        'Workshopen hålls på lätt svenska och engelska.',
      audiences: ['job_seekers', 'newly_arrived'],
      topics: ['job_search', 'communication'],
      languages: ['sv', 'en'],
      starts: ['09:00', '13:00'],
      minutes: 180,
      registration: 'url',
      capacity: 15,
    },
    {
      title: 'Programmering för nyfikna vuxna',
      summary: 'Vad är egentligen kod? En lekfull introduktion till programmering och algoritmer.',
      description:
        'Ingen förkunskap krävs. Vi provar att programmera i blockspråk, pratar om vad algoritmer gör i vår vardag och hur AI påverkar samhället.',
      audiences: ['everyone', 'parents'],
      topics: ['coding', 'society'],
      starts: ['17:00', '18:00'],
      minutes: 120,
    },
  ],
  association: [
    {
      title: 'Seniorer hjälper seniorer med mobilen',
      summary: 'Erfarna medlemmar hjälper dig med mobil, surfplatta och e-legitimation. Kaffe finns.',
      description:
        'Vi som själva har lärt oss på äldre dagar hjälper dig gärna. Ta med din telefon eller surfplatta och dina frågor, stora som små. ' +
        'Träffen i {ort} är öppen för alla, medlem eller inte.',
      audiences: ['elderly'],
      topics: ['basics', 'e_id', 'communication'],
      starts: ['10:00', '13:00', '14:00'],
      minutes: 150,
    },
    {
      title: 'Trygg med 1177 och e-recept',
      summary: 'Se dina journaler, förnya recept och boka tid i vården via 1177 – vi visar hur.',
      description:
        'Allt fler kontakter med vården sker digitalt. Vi visar hur du loggar in på 1177, läser din journal, förnyar recept och bokar tid. ' +
        'Ta med mobilen och ditt BankID om du har det.',
      audiences: ['elderly'],
      topics: ['health', 'e_id'],
      starts: ['10:00', '14:00'],
      minutes: 90,
    },
    {
      title: 'Pensionen på nätet',
      summary: 'Logga in på Pensionsmyndighetens och minPensions tjänster och förstå ditt pensionsbesked.',
      description:
        'Tillsammans med våra pensionsombud går vi igenom hur du ser din pension digitalt, gör en prognos och söker bostadstillägg.',
      audiences: ['elderly'],
      topics: ['pension', 'e_services'],
      starts: ['10:00', '13:00'],
      minutes: 120,
    },
  ],
  skatteverket: [
    {
      title: 'Webbinarium: Skatteverkets e-tjänster steg för steg',
      summary: 'Deklarera, flytta och beställ personbevis – vi visar e-tjänsterna live och svarar på frågor.',
      description:
        'Skatteverkets handläggare visar de vanligaste e-tjänsterna på skärmen och svarar på frågor i chatten. ' +
        'Webbinariet spelas inte in. Du behöver ingen e-legitimation för att titta.',
      audiences: ['everyone'],
      topics: ['taxes', 'e_services'],
      format: 'online',
      starts: ['10:00', '14:00'],
      minutes: 60,
    },
    {
      title: 'Skaffa id-kort och e-legitimation – vad gäller?',
      summary: 'Information om id-kort, e-legitimation och folkbokföring för dig som är ny i Sverige.',
      description:
        'Skatteverket berättar om folkbokföring, samordningsnummer och id-kort, och om hur du sedan kan skaffa en e-legitimation. Tolk finns på plats.',
      audiences: ['newly_arrived'],
      topics: ['e_id', 'e_services'],
      languages: ['sv', 'ar', 'ti', 'en'],
      starts: ['10:00', '13:00'],
      minutes: 90,
    },
  ],
  forsakringskassan: [
    {
      title: 'Mina sidor hos Försäkringskassan – en visning',
      summary: 'Så ansöker du om föräldrapenning, anmäler vab och följer ditt ärende digitalt.',
      description:
        'Vi visar Mina sidor och appen, hur du anmäler vab och hur du ser när pengarna kommer. Passar särskilt föräldrar.',
      audiences: ['parents', 'everyone'],
      topics: ['e_services'],
      format: 'online',
      starts: ['12:00', '19:00'],
      minutes: 60,
    },
  ],
  pensionsmyndigheten: [
    {
      title: 'Ring oss och få hjälp att logga in',
      summary: 'Pensionsmyndighetens kundtjänst guidar dig per telefon genom inloggning och e-tjänster.',
      description:
        'Under temadagen har vi extra personal i telefon som guidar dig steg för steg när du loggar in och söker i våra e-tjänster. Ring när det passar dig under dagen.',
      audiences: ['elderly'],
      topics: ['pension', 'e_id', 'e_services'],
      format: 'phone',
      starts: ['08:00'],
      minutes: 540,
    },
    {
      title: 'Pensionskoll på plats',
      summary: 'Träffa en handläggare och gå igenom din pension på nätet.',
      description: 'Vi finns på plats i {ort} och hjälper dig att se din pension och söka bostadstillägg digitalt.',
      audiences: ['elderly'],
      topics: ['pension', 'e_services'],
      starts: ['10:00', '13:00'],
      minutes: 180,
    },
  ],
  arbetsformedlingen: [
    {
      title: 'Kom igång med Arbetsförmedlingens digitala tjänster',
      summary: 'Skriv in dig, aktivitetsrapportera och sök jobb i Platsbanken – vi hjälper dig på plats.',
      description:
        'Många av Arbetsförmedlingens tjänster finns nu digitalt. Vi hjälper dig att skriva in dig, rapportera och hitta lediga jobb. Ta med id-handling.',
      audiences: ['job_seekers', 'newly_arrived'],
      topics: ['job_search', 'e_services'],
      languages: ['sv', 'ar', 'so'],
      starts: ['09:00', '13:00'],
      minutes: 180,
    },
  ],
  digg: [
    {
      title: 'Digitala tjänster för alla – så arbetar DIGG med tillgänglighet',
      summary: 'Ett webbinarium om lagen om tillgänglighet till digital offentlig service.',
      description:
        'DIGG berättar om kraven på tillgänglighet för offentliga webbplatser och appar, och hur du som invånare kan anmäla brister.',
      audiences: ['public_sector_staff', 'disabilities'],
      topics: ['society', 'e_services'],
      format: 'online',
      starts: ['09:30', '13:30'],
      minutes: 60,
    },
  ],
  municipality: [
    {
      title: 'Digitalt café i {ort}',
      summary: 'Kommunens digitala ambassadörer hjälper dig med e-tjänster, mobil och surfplatta.',
      description:
        'Kommunen bjuder på kaffe och hjälp. Våra digitala ambassadörer visar kommunens e-tjänster, hur du söker bygglov eller plats i förskolan och hur du använder bibliotekets digitala tjänster.',
      audiences: ['everyone', 'elderly'],
      topics: ['e_services', 'basics'],
      starts: ['10:00', '13:00', '16:00'],
      minutes: 180,
    },
  ],
  region: [
    {
      title: 'Vården i mobilen – 1177 och digitala vårdbesök',
      summary: 'Regionens personal visar 1177, e-recept och hur ett videobesök hos vården går till.',
      description: 'Prova ett digitalt vårdbesök i lugn och ro, med personal som svarar på dina frågor. Vi finns i entréhallen.',
      audiences: ['everyone', 'elderly'],
      topics: ['health', 'e_id'],
      starts: ['10:00', '13:00'],
      minutes: 180,
    },
  ],
  company: [
    {
      title: 'Surfa Lugnt: trygg och säker på nätet',
      summary: 'En föreläsning om lösenord, bedrägerier och trygghet på nätet, följd av frågestund.',
      description:
        'Surfa Lugnt ger dig enkla råd för att skydda dig och dina nära på nätet. Föreläsningen passar alla åldrar och hålls i samarbete med biblioteket.',
      audiences: ['everyone', 'elderly'],
      topics: ['online_safety'],
      starts: ['14:00', '18:00'],
      minutes: 90,
    },
    {
      title: 'Kom igång med internetbanken',
      summary: 'Bankens rådgivare visar internetbanken och appen, och hur du betalar säkert.',
      description: 'Vi visar hur du loggar in, betalar räkningar och använder Swish. Du behöver inte vara kund hos oss.',
      audiences: ['elderly', 'everyone'],
      topics: ['payments', 'online_safety'],
      starts: ['10:00', '15:00'],
      minutes: 90,
    },
  ],
  school: [
    {
      title: 'Öppet hus: digital grundkurs på Komvux',
      summary: 'Prova på vår kurs i digital kompetens för vuxna, med lärare och studievägledare på plats.',
      description: 'Kursen lär dig grunderna i dator, e-post och e-tjänster. Studievägledare berättar hur du söker. Lätt svenska.',
      audiences: ['newly_arrived', 'job_seekers'],
      topics: ['basics', 'job_search'],
      languages: ['sv', 'ar', 'ti'],
      starts: ['09:00', '13:00'],
      minutes: 120,
    },
  ],
  panel: [
    {
      title: 'Hela landets digitala möjligheter',
      summary:
        'Panelsamtal på Kulturhuset om digitaliseringen i hela Sverige, med generaldirektörer, digitaliseringsministern och SKR.',
      description:
        'Hur får vi en likvärdig offentlig service i hela landet, också i glesbygden? Medverkande: Thomas Pålsson, generaldirektör för Statens servicecenter, ' +
        'Anna Eriksson, generaldirektör för DIGG, Staffan Isling, vd för Sveriges Kommuner och Regioner, Tove Lifvendahl, politisk chefredaktör på Svenska Dagbladet, ' +
        'Ulf Kristersson, Moderaternas partiledare, och Anders Ygeman, digitaliseringsminister.\n\nSamtalet sänds också direkt på webben.',
      audiences: ['everyone', 'public_sector_staff'],
      topics: ['society'],
      format: 'hybrid',
      starts: ['13:00'],
      minutes: 90,
    },
  ],
};

export const STREETS = [
  'Storgatan',
  'Kungsgatan',
  'Drottninggatan',
  'Järnvägsgatan',
  'Torggatan',
  'Nygatan',
  'Skolgatan',
  'Östra Långgatan',
  'Västra vägen',
  'Stationsgatan',
  'Kyrkogatan',
  'Bibliotekstorget',
];

/** The first two digits of postal codes by county, roughly as Postnord assigns them. */
export const POSTAL_PREFIX: Record<string, number[]> = {
  '01': [11, 12, 13, 14, 15, 16, 17, 18, 19],
  '03': [74, 75],
  '04': [61, 63, 64],
  '05': [58, 59, 60, 61],
  '06': [55, 56, 57],
  '07': [34, 35, 36],
  '08': [38, 39, 57, 59],
  '09': [62],
  '10': [37],
  '12': [21, 22, 23, 24, 25, 26, 27, 28, 29],
  '13': [30, 31, 43],
  '14': [40, 41, 42, 44, 45, 46, 50, 51, 52, 53, 54],
  '17': [65, 66, 67, 68],
  '18': [69, 70, 71],
  '19': [72, 73],
  '20': [77, 78, 79],
  '21': [80, 81, 82],
  '22': [85, 86, 87, 88, 89],
  '23': [83, 84],
  '24': [90, 91, 92, 93],
  '25': [94, 95, 96, 97, 98],
};
