"""Word lists behind entity detection: general English and news vocabulary, never names from the seeds.

Each list answers one question the rules in entities.py ask: is this capitalised word a title, a
weekday, a nationality, a word that merely starts a sentence, or the head noun that says a name is an
organisation, a place or an event? The place gazetteer holds countries and capitals only.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles and offices: "Defense Minister Rustem Umerov" -> role "Defense Minister", name "Rustem Umerov".
ROLE_TITLES = _words(
    """President Vice-President Minister Secretary Mayor Governor Senator Ambassador Envoy Chancellor Premier
    King Queen Prince Princess Pope Patriarch General Admiral Colonel Commander Chief Chairman Chairwoman
    Chair Director Spokesman Spokeswoman Spokesperson Aide Adviser Advisor Speaker Prosecutor Judge Leader
    Head Representative Lieutenant Sergeant Captain Marshal Officer Deputy CEO Founder Editor Commissioner
    Coordinator Negotiator Emperor Sheikh Emir Sultan Ayatollah Archbishop Bishop Metropolitan Ombudsman
    Mr. Mrs. Ms. Dr. Prof. Sen. Rep. Gov. Gen. Lt. Col. Sgt. Capt. Adm. Rev. Mr Mrs Ms Dr Sir Dame Lord Lady
    Councillor Councilor Lawmaker MP Premier Attorney-General Secretary-General Director-General"""
)
# Words that qualify a title: "Turkish Foreign Minister", "U.S. Secretary of State".
ROLE_QUALIFIERS = _words(
    """Prime Deputy Vice Acting First Former Interim Foreign Defense Defence Interior Finance Economy Economic
    Culture Justice Health Education Energy Trade Agriculture Transport Labor Labour Environment Digital
    Security Intelligence Military Presidential Senior Special Top Supreme State Opposition Press Executive
    Attorney Home Emergency Emergencies Development Science Sports Youth Veterans Affairs Army Navy Air Force
    Staff Joint Chiefs National Regional City Party Human Rights Industry Communications Information Media
    Social Policy Foreign-Policy Assistant Associate Managing Commanding Permanent Grand Lord High Parliamentary
    Cabinet Treasury Commerce Homeland Internal External Public Tourism Sport Ecology Natural Resources
    Economic Reintegration Strategic Industries Infrastructure Territories Occupied Temporarily Of"""
)
# Lower-case nouns that make the phrase before or after a name a role: "Kremlin aide", "envoy".
ROLE_NOUNS = _words(
    """aide adviser advisor envoy spokesman spokeswoman spokesperson negotiator official minister
    president leader chief commander ambassador mayor governor head secretary lawmaker senator journalist
    analyst correspondent photographer director chairman chairwoman founder general deputy premier
    chancellor prosecutor judge speaker representative officer ombudsman editor owner ceo executive
    coordinator commissioner emissary diplomat politician businessman businesswoman oligarch economist"""
)

WEEKDAYS_MONTHS = _words(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"""
)

_NATIONALITIES = """Afghan Albanian Algerian American Andorran Angolan Argentine Argentinian Armenian Asian
    Australian Austrian Azerbaijani Bahraini Bangladeshi Belarusian Belgian Bosnian Brazilian British
    Bulgarian Burmese Cambodian Cameroonian Canadian Chechen Chilean Chinese Colombian Congolese Croatian
    Cuban Cypriot Czech Danish Dutch Egyptian Emirati English Eritrean Estonian Ethiopian European Filipino
    Finnish French Georgian German Ghanaian Greek Hungarian Icelandic Indian Indonesian Iranian Iraqi Irish
    Israeli Italian Japanese Jordanian Kazakh Kenyan Korean Kosovar Kurdish Kuwaiti Kyrgyz Latvian Lebanese
    Libyan Lithuanian Luxembourgish Macedonian Malaysian Maltese Mexican Moldovan Mongolian Montenegrin
    Moroccan Nepalese Nigerian Norwegian Pakistani Palestinian Peruvian Polish Portuguese Qatari Romanian
    Russian Rwandan Saudi Scottish Serbian Singaporean Slovak Slovenian Somali Soviet Spanish Sudanese
    Swedish Swiss Syrian Taiwanese Tajik Tatar Thai Tunisian Turkish Turkmen Ugandan Ukrainian Uzbek
    Venezuelan Vietnamese Welsh Yemeni Zimbabwean African Arab Arabic Baltic Balkan Caucasian Crimean
    Nordic Scandinavian Slavic Latin Western Eastern Northern Southern Central Muslim Christian Jewish
    Orthodox Catholic Protestant Sunni Shiite Shia Buryat Dagestani Bashkir Yakut Persian Hispanic
    Transatlantic Atlantic Pacific Mediterranean Allied Communist Bolshevik Nazi"""
# Nationality adjectives and their plural nouns ("Ukrainians") are not entities on their own.
NATIONALITIES = frozenset(_NATIONALITIES.split()) | frozenset(w + "s" for w in _NATIONALITIES.split())

# Capitalised words that start sentences; a word from this list at a sentence start is not a name.
SENTENCE_OPENERS = _words(
    """The A An In On At But And Or As After Before When While If Since Although Though However Meanwhile
    Earlier Later This That These Those It He She They We I You His Her Their Our Its There Here What Who
    Why How Where Which Some Many Most All Both Each Every No Not One Two Three Four Five Six Seven Eight
    Nine Ten According During Despite Under Over For From With Without By To Of About Also Still Yet So
    Then Now Last Next Other Another Such Several Few More Only Even Just Once Instead Because Until Unlike
    Like Among Amid Following Asked Speaking Overall Today Yesterday Tomorrow Tonight Back Further
    Separately Previously Recently Currently Nevertheless Nonetheless Moreover Furthermore Indeed Already
    Almost Around Between Against Through Across Within Near Beyond Toward Towards Upon My Your Whose
    Whether Thus Hence Again Please Yes Officials Authorities Police Residents Critics Analysts Experts
    Sources Witnesses Former Both Neither Either Any Much Little Very Well Long Under Above Below Off Out Up Down"""
)

# Head nouns: "Security Service of Ukraine" is an organisation because of "Service".
ORGANISATION_WORDS = _words(
    """Ministry Ministries Service Services Agency Council Committee Commission Bank Party Army Forces Guard
    Guards Corporation Corp Company Co Group Inc Ltd LLC PLC University Institute Academy School College
    Headquarters Office Department Court Parliament Duma Rada Assembly Union Organization Organisation
    Association Alliance Coalition Front Movement Times Post News Journal Gazette Herald Tribune Telegraph
    Economist Press Review Magazine Radio TV Television Channel Network Metro Airlines Airways Railways Fund
    Foundation Church Navy Police Bureau Senate Congress Cabinet Administration Government Center Centre
    Club Board Authority Directorate Inspectorate Command Brigade Battalion Regiment Division Corps Fleet
    Holdings Exchange Media Mission Embassy Consulate Secretariat Chamber Tribunal Studio Studios Team FC
    Federation Society Trust Network Observatory Watch Initiative Project Council Parliament Bloc
    Agency Monitor Daily Weekly Unit Staff Presidium House Reserve Nations International Force
    Newsroom Desk
    Commons Lords Airline Motors Energy Oil Petroleum Telecom Bancorp Securities Capital Partners"""
)
PLACE_WORDS = _words(
    """Palace Square Street St Avenue Boulevard Road Highway Park Garden Gardens Bridge River Sea Ocean Lake
    Mountain Mountains Mount Hill Hills Island Islands Region Oblast Krai Province Republic Kingdom Emirates
    States City Town Village Station Line Airport Port Harbor Harbour Bay Gulf Strait Straits Peninsula
    Valley District Territory Territories Cathedral Mosque Monastery Stadium Arena Tower Building Hall
    Museum Theater Theatre Canal Desert Forest Coast Beach Embankment Prospekt Quarter Lane Cemetery
    Reservoir Dam Base Airfield Spit Steppe County Land Plateau Delta Basin Corridor Crossing Pass
    Lavra Monument Memorial Gate Gates Fortress Castle Plaza Prospect Shosse Ring"""
)
EVENT_WORDS = _words(
    """Operation War Summit Olympics Games Cup Championship Festival Conference Forum Offensive Battle Siege
    Revolution Election Elections Referendum Agreement Accords Accord Treaty Protocol Crisis Day Parade
    Award Awards Prize Expo Biennale Marathon Uprising Massacre Incursion Counteroffensive
    Blockade Airlift Declaration"""
)
# Single-word names of institutions that no head noun reveals.
INSTITUTIONS = _words(
    """Kremlin Pentagon Treasury Fed Bundesbank Nasdaq Duma Rada Knesset Bundestag Politburo Élysée Elysee Whitehall
    Downing Interpol
    Europol Eurostat Eurovision Rosatom Roscosmos Rosneft Lukoil Sberbank Aeroflot Wagner Hamas Hezbollah
    Taliban Houthis"""
)

# Countries, capitals and their common short forms. Modest on purpose: context types other places.
COUNTRIES = """Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan
    Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana Brazil
    Brunei Bulgaria Burundi Cambodia Cameroon Canada Chad Chile China Colombia Comoros Congo Croatia Cuba
    Cyprus Czechia Denmark Djibouti Dominica Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland
    France Gabon Gambia Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary
    Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati
    Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg
    Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Micronesia Moldova Monaco
    Mongolia Montenegro Morocco Mozambique Myanmar Namibia Nauru Nepal Netherlands Nicaragua Niger Nigeria
    Norway Oman Pakistan Palau Palestine Panama Paraguay Peru Philippines Poland Portugal Qatar Romania
    Russia Rwanda Samoa Senegal Serbia Seychelles Singapore Slovakia Slovenia Somalia Spain Sudan Suriname
    Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey Türkiye
    Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Yemen Zambia Zimbabwe
    Abkhazia Chechnya Crimea Dagestan Donbas Europe Asia Africa America Antarctica Arctic Siberia
    Transnistria Scotland England Wales Britain Yugoslavia Czechoslovakia USSR Zaire Burma"""
CAPITALS = """Kabul Tirana Algiers Luanda Yerevan Canberra Vienna Baku Manama Dhaka Minsk Brussels Cotonou
    Thimphu Sarajevo Gaborone Brasilia Sofia Ouagadougou Bujumbura Yaoundé Ottawa Santiago Beijing Bogotá
    Kinshasa Zagreb Havana Nicosia Prague Copenhagen Djibouti Quito Cairo Asmara Tallinn Addis Helsinki Paris
    Libreville Banjul Tbilisi Berlin Accra Athens Conakry Bissau Georgetown Budapest Reykjavik Jakarta
    Tehran Baghdad Dublin Jerusalem Rome Kingston Tokyo Amman Astana Nairobi Pristina Kuwait Bishkek
    Vientiane Riga Beirut Maseru Monrovia Tripoli Vilnius Antananarivo Lilongwe Bamako Valletta Nouakchott
    Mexico Chisinau Ulaanbaatar Podgorica Rabat Maputo Naypyidaw Windhoek Kathmandu Amsterdam Wellington
    Managua Niamey Abuja Pyongyang Skopje Oslo Muscat Islamabad Panama Asunción Lima Manila Warsaw Lisbon
    Doha Bucharest Moscow Kigali Riyadh Dakar Belgrade Freetown Bratislava Ljubljana Mogadishu Pretoria
    Seoul Juba Madrid Colombo Khartoum Paramaribo Stockholm Bern Damascus Taipei Dushanbe Dodoma Bangkok
    Lomé Tunis Ankara Ashgabat Kampala Kyiv Kiev London Washington Montevideo Tashkent Caracas Hanoi Sanaa
    Lusaka Harare Stepanakert Tskhinvali Sukhumi Brussels Geneva Strasbourg"""
COUNTRY_NAMES = frozenset(COUNTRIES.split())
PLACE_NAMES = COUNTRY_NAMES | frozenset(CAPITALS.split())
# Multi-word places and short forms, mapped to their canonical name.
PLACE_ALIASES = {
    "U.S.": "United States",
    "US": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "United States of America": "United States",
    "U.K.": "United Kingdom",
    "UK": "United Kingdom",
    "Great Britain": "United Kingdom",
    "Russian Federation": "Russia",
}
MULTI_WORD_PLACES = frozenset(
    """United States|United Kingdom|United Arab Emirates|Saudi Arabia|South Africa|North Korea|South Korea
    |New Zealand|Sri Lanka|Costa Rica|Czech Republic|Central African Republic|Dominican Republic|El Salvador
    |Ivory Coast|Burkina Faso|Sierra Leone|Papua New Guinea|North Macedonia|South Sudan|East Timor
    |Vatican City|San Marino|Cape Verde|Equatorial Guinea|New York|New Delhi|Abu Dhabi|Buenos Aires
    |Kuala Lumpur|Tel Aviv|Hong Kong|Gaza Strip|West Bank|Black Sea|Baltic Sea|Middle East|Latin America
    |North America|South America|Central Asia|St. Petersburg|Saint Petersburg|Mexico City|Addis Ababa
    |Phnom Penh|Port-au-Prince|Santo Domingo|San Jose|Panama City|Guatemala City|Kuwait City|Rio de Janeiro
    |São Paulo|Sao Paulo|Los Angeles|San Francisco|Far East|Soviet Union|East Germany|West Germany
    |Northern Ireland|East Jerusalem|West Africa|East Africa|North Africa|Southeast Asia
    |South Asia|East Asia""".replace("\n", "").split("|")
) | frozenset(PLACE_ALIASES.values())

# Lower-case words that follow a place name: "the Sumy and Kharkiv regions", "Chernihiv region".
PLACE_FOLLOWERS = _words("region regions oblast province district city town village border area airport")
PLACE_PREPOSITIONS = _words("in at near into inside outside across toward towards from to via around")
# Verbs of speech after a one-word name: an actor (an organisation, unless we know it is a person or place).
SPEECH_VERBS = _words("said says told tells added stated announced reported claimed wrote warned urged")

# Lower-case words that may sit inside a name: "Security Service of Ukraine", "Ludwig van Beethoven".
NAME_CONNECTORS = (
    "van der",
    "van den",
    "von der",
    "de la",
    "and",
    "in",
    "of the",
    "for the",
    "of",
    "for",
    "de",
    "da",
    "di",
    "del",
    "der",
    "van",
    "von",
    "bin",
    "al",
    "la",
    "le",
    "den",
    "du",
    "dos",
    "ibn",
)

# Well-known people, so that an article naming one by surname alone stands on its own ("Zelensky
# confirmed ..."): no offline library lists today's public figures. Heads of state and government,
# foreign and defence ministers and negotiators who recur in coverage of the war and its diplomacy.
# Only surnames that few other public figures share (no Johnson, Harris or Costa); a full name in the
# article always wins.
_KNOWN_PEOPLE = """Volodymyr Zelensky|Zelenskyy Zelenskiy; Vladimir Putin; Donald Trump; Joe Biden;
    JD Vance; Marco Rubio; Pete Hegseth; Keith Kellogg; Steve Witkoff; Sergei Lavrov; Dmitry Peskov; Yuri Ushakov;
    Kirill Dmitriev; Vladimir Medinsky; Sergei Shoigu; Andrei Belousov; Valery Gerasimov; Mikhail Mishustin;
    Dmitry Medvedev; Maria Zakharova; Alexei Navalny; Yevgeny Prigozhin; Ramzan Kadyrov; Sergei Sobyanin;
    Alexander Lukashenko; Andriy Yermak; Rustem Umerov; Andrii Sybiha; Dmytro Kuleba; Denys Shmyhal;
    Yulia Svyrydenko; Kyrylo Budanov; Oleksandr Syrskyi; Valerii Zaluzhnyi; Vitali Klitschko; Petro Poroshenko;
    Recep Tayyip Erdogan|Erdogan Erdoğan; Hakan Fidan; Emmanuel Macron; Olaf Scholz; Friedrich Merz; Keir Starmer;
    Rishi Sunak; Giorgia Meloni; Viktor Orban|Orbán; Donald Tusk; Andrzej Duda; Karol Nawrocki;
    Ursula von der Leyen; Kaja Kallas; Mark Rutte; Jens Stoltenberg; Antonio Guterres;
    Xi Jinping|Xi; Narendra Modi; Benjamin Netanyahu; Masoud Pezeshkian; Ali Khamenei; Kim Jong Un;
    Mohammed bin Salman; Rafael Grossi; Pope Leo; Alexander Stubb; Mette Frederiksen;
    Ulf Kristersson; Jonas Gahr Støre|Støre; Pedro Sanchez|Sánchez; Justin Trudeau; Mark Carney;
    Luiz Inácio Lula da Silva|Lula; Cyril Ramaphosa; Shigeru Ishiba; Anthony Albanese; Maia Sandu;
    Nikol Pashinyan; Ilham Aliyev;
    Kassym-Jomart Tokayev|Tokayev; Elon Musk"""


def _known_people(text: str) -> dict[str, str]:
    """Surname (and each other spelling after "|") -> full name."""
    people: dict[str, str] = {}
    for item in text.replace("\n", " ").split(";"):
        full, *others = [part.strip() for part in item.split("|")]
        full = " ".join(full.split())
        if full.startswith("Pope "):
            continue  # a title and a name: "Pope Leo" is found as it is written
        words = full.split(" ")
        if len(words) == 2:  # longer names give their short form after "|": "Xi Jinping|Xi"
            people.setdefault(words[1], full)
        for other in " ".join(others).split():
            people.setdefault(other, full)
    return people


KNOWN_PEOPLE = _known_people(_KNOWN_PEOPLE)

# Words that never name anything alone, nor serve as a short form of a name: pronouns (and their
# contractions), determiners, number words. "German I" must not make the pronoun "I" a link.
STOP_WORDS = _words(
    """I I'm I've I'd I'll It It's We We're You He She They Me Us Him Them My Our His Her Its Their Your
    A An The This That These Those There Here Let's Don't Can't Won't Isn't It’s I’m I’ve Let’s Don’t
    One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Twenty Thirty Forty Fifty Hundred Thousand
    Million Billion First Second Third Fourth Fifth Sixth Seventh Eighth Ninth Tenth Last Next Half
    Mr Mrs Ms Dr Sir OK Yes No Not Oh All Any Some Each Every Total Date Select League Group Division
    Table Results Result Scorers Standings Note Notes Source Sources Update Updated Men Women Shares Score
    Round Final Semi-final Quarter-final Leading Attendance Overall Points Pts Won Lost Drawn Played"""
)
# News agencies: named in datelines and credit lines, and by the text ("told Reuters").
NEWS_AGENCIES = _words(
    """Reuters Interfax TASS Itar-Tass ITAR-TASS AFP AP Xinhua Bloomberg RIA Anadolu Ukrinform Yonhap Kyodo ANSA
    DPA EFE PAP CTK MTI BTA Tanjug HINA APA Belga ANP Lusa AAP PTI IRNA MENA WAFA Novosti RBC UNIAN"""
)
# Words around a name that show it is a team in a match report: "Leicestershire beat Somerset",
# "Surrey 320", "BOSTON AT OAKLAND". A place so used is the club or county side (an organisation).
TEAM_VERBS = _words("beat beats beating defeated defeat drew draw edged thrashed routed hammered trounced v vs vs.")
