"""Word pools the synthetic data is assembled from.

Names come in transliteration groups (first spelling canonical): the variants of one group
share a `name_skeleton`, exactly as Masoud/Massoud or Mohaqeq/Mohaqiq do in real reporting,
while different groups of one slot never do, so that two synthetic people are never "likely
duplicates" unless an error is injected on purpose. `tests/test_synth_vocabulary.py` holds the
pools to these rules.

Every person, organization and outlet built from these pools is fictional; only states,
cities and a few international organizations are real, as places and hosts.
"""

from __future__ import annotations

GIVEN: tuple[tuple[str, ...], ...] = (
    ("Ahmad", "Ahmed"),
    ("Mohammad", "Muhammad", "Mohammed"),
    ("Abdul", "Abdol"),
    ("Rahmatullah", "Rahmatollah"),
    ("Gulbuddin", "Golbuddin"),
    ("Yunus", "Younus"),
    ("Amrullah", "Amrollah"),
    ("Atta", "Ata"),
    ("Ismail", "Esmail"),
    ("Karim", "Kareem"),
    ("Rashid", "Rasheed"),
    ("Hamidullah", "Hamidollah"),
    ("Nasir", "Naser"),
    ("Zalmai", "Zalmay"),
    ("Farid", "Fareed"),
    ("Habib", "Habeeb"),
    ("Latif", "Lateef"),
    ("Wahid", "Waheed"),
    ("Sayed", "Sayyed"),
    ("Qasim", "Qasem"),
    ("Bashir", "Basheer"),
    ("Jamil", "Jameel"),
    ("Khalid", "Khaled"),
    ("Shafiq", "Shafeeq"),
    ("Tariq", "Tareq"),
    ("Zabihullah", "Zabihollah"),
    ("Suhail", "Sohail"),
    ("Fawzia", "Fowzia"),
    ("Nargis", "Narges"),
    ("Malalai", "Malalay"),
    ("Shukria", "Shokria"),
    ("Fatima", "Fatema"),
)

FAMILY: tuple[tuple[str, ...], ...] = (
    ("Massoud", "Masoud"),
    ("Mohaqiq", "Mohaqeq"),
    ("Qanuni", "Qanooni"),
    ("Muttaqi", "Mottaki"),
    ("Rabbani", "Rabani"),
    ("Dostum", "Dostam"),
    ("Hekmatyar", "Hikmatyar"),
    ("Sayyaf", "Sayaf"),
    ("Popal", "Popul"),
    ("Nabil", "Nabeel"),
    ("Saleh", "Salih"),
    ("Noor", "Nur"),
    ("Khalili", "Khaleeli"),
    ("Danish", "Danesh"),
    ("Haqqani", "Haqani"),
    ("Mujahid", "Mojahid"),
    ("Shaheen", "Shahin"),
    ("Stanekzai", "Stanikzai"),
    ("Baradar", "Biradar"),
    ("Naderi", "Nadiri"),
    ("Amiri", "Ameeri"),
    ("Rahimi", "Raheemi"),
    ("Hashimi", "Hashemi"),
    ("Sadat", "Saadat"),
    ("Yaftali", "Yaftaly"),
    ("Jalali", "Jalaly"),
    ("Kohistani", "Kuhistani"),
    ("Andarabi", "Andarabee"),
    ("Tokhi", "Tokhee"),
    ("Zazai", "Zazay"),
    ("Mangal", "Mangel"),
    ("Sherzad", "Shirzad"),
    ("Osmani", "Usmani"),
    ("Rasuli", "Rasooli"),
    ("Azimi", "Azeemi"),
    ("Mohseni", "Muhsini"),
    ("Farahi", "Farahee"),
    ("Qaderi", "Qadiri"),
    ("Nazari", "Nazary"),
    ("Akbari", "Akbary"),
    ("Rezai", "Rezaee"),
    ("Barakzai", "Barakzay"),
    ("Durrani", "Durani"),
    ("Ludin", "Ludeen"),
    ("Sultani", "Soltani"),
    ("Kakar", "Kakkar"),
    ("Wardak", "Wardaq"),
    ("Ghaznawi", "Ghaznawee"),
)

NISBA: tuple[tuple[str, ...], ...] = (
    ("Panjshiri", "Panjsheri"),
    ("Badakhshi", "Badakhshee"),
    ("Kabuli", "Kabooli"),
    ("Herawi", "Herawy"),
    ("Balkhi", "Balkhee"),
    ("Logari", "Logary"),
    ("Paktiawal", "Paktiawaal"),
    ("Samangani", "Samangany"),
    ("Ghori", "Ghoree"),
    ("Kunari", "Konari"),
    ("Takhari", "Takhary"),
    ("Faryabi", "Faryaby"),
)

PROVINCES: tuple[str, ...] = (
    "Herat",
    "Balkh",
    "Kabul",
    "Panjshir",
    "Badakhshan",
    "Kandahar",
    "Nangarhar",
    "Bamyan",
    "Takhar",
    "Baghlan",
    "Ghazni",
    "Kunduz",
    "Faryab",
    "Jawzjan",
    "Parwan",
    "Kapisa",
    "Laghman",
    "Helmand",
    "Zabul",
    "Paktia",
    "Khost",
    "Logar",
    "Samangan",
    "Daykundi",
    "Ghor",
    "Badghis",
    "Farah",
    "Nimruz",
    "Uruzgan",
    "Kunar",
    "Nuristan",
    "Sar-e Pol",
)

ORG_ADJECTIVES: tuple[str, ...] = (
    "National",
    "Islamic",
    "Democratic",
    "United",
    "Popular",
    "Independent",
    "Civic",
    "Republican",
    "Progressive",
    "Liberation",
)

ORG_NOUNS: tuple[tuple[str, str], ...] = (
    ("Front", "armed_group"),
    ("Council", "organization"),
    ("Movement", "organization"),
    ("Alliance", "coalition"),
    ("Party", "organization"),
    ("Assembly", "organization"),
    ("Union", "organization"),
    ("Coalition", "coalition"),
    ("Congress", "organization"),
    ("Forum", "organization"),
    ("Network", "organization"),
    ("Brigade", "armed_group"),
)

OUTLET_WORDS: tuple[str, ...] = (
    "Times",
    "Daily",
    "Observer",
    "Post",
    "Herald",
    "Tribune",
    "Monitor",
    "Radio",
    "Review",
    "Gazette",
    "Dispatch",
    "Courier",
)

STATES: tuple[tuple[str, str], ...] = (
    ("Russia", "RU"),
    ("Iran", "IR"),
    ("Tajikistan", "TJ"),
    ("Austria", "AT"),
    ("Qatar", "QA"),
    ("Turkey", "TR"),
    ("Pakistan", "PK"),
    ("China", "CN"),
    ("Uzbekistan", "UZ"),
    ("Kazakhstan", "KZ"),
    ("Turkmenistan", "TM"),
    ("Norway", "NO"),
    ("Kyrgyzstan", "KG"),
    ("Germany", "DE"),
    ("Switzerland", "CH"),
    ("India", "IN"),
)

VENUES: tuple[tuple[str, str], ...] = (
    ("Moscow", "RU"),
    ("Kazan", "RU"),
    ("Tehran", "IR"),
    ("Mashhad", "IR"),
    ("Dushanbe", "TJ"),
    ("Vienna", "AT"),
    ("Doha", "QA"),
    ("Istanbul", "TR"),
    ("Ankara", "TR"),
    ("Islamabad", "PK"),
    ("Beijing", "CN"),
    ("Tashkent", "UZ"),
    ("Termez", "UZ"),
    ("Almaty", "KZ"),
    ("Ashgabat", "TM"),
    ("Oslo", "NO"),
    ("Bishkek", "KG"),
    ("Berlin", "DE"),
    ("Geneva", "CH"),
    ("New Delhi", "IN"),
)

SERIES: tuple[tuple[str, str], ...] = (
    ("Moscow Format consultations", "talks"),
    ("Herat Security Dialogue", "conference"),
    ("Vienna meeting on Afghanistan", "meeting"),
    ("Tehran regional meeting", "meeting"),
    ("Doha meeting of special envoys", "talks"),
    ("Tashkent conference on Afghanistan", "conference"),
    ("Dushanbe consultations", "meeting"),
)

INTERNATIONAL: tuple[str, ...] = (
    "United Nations Assistance Mission in Afghanistan",
    "Shanghai Cooperation Organisation",
    "Organisation of Islamic Cooperation",
    "European Union",
)

TALIBAN_GOVERNMENT = "Islamic Emirate of Afghanistan"

AFFILIATION_ROLES: tuple[tuple[str, str], ...] = (
    ("leader", "leader"),
    ("deputy leader", "deputy_leader"),
    ("founding member", "founder"),
    ("member of the leadership council", "member"),
    ("spokesperson", "spokesperson"),
    ("deputy spokesperson", "deputy_spokesperson"),
    ("head of the political office", "head_of_office"),
    ("senior official", "official"),
    ("special envoy", "envoy"),
    ("military commander", "military_commander"),
    ("researcher", "researcher"),
    ("associate", "associate"),
)

GOVERNMENT_ROLES: tuple[tuple[str, str], ...] = (
    ("acting minister", "minister"),
    ("deputy spokesperson", "deputy_spokesperson"),
    ("senior official", "official"),
    ("diplomat", "diplomat"),
)

ORDINALS: tuple[str, ...] = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)

GREGORIAN_MONTHS: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

SOLAR_HIJRI_MONTHS: tuple[str, ...] = (
    "Hamal",
    "Sawr",
    "Jawza",
    "Saratan",
    "Asad",
    "Sunbula",
    "Mizan",
    "Aqrab",
    "Qaws",
    "Jadi",
    "Dalw",
    "Hut",
)
"""Dari month names, as Afghan outlets print them."""

LUNAR_HIJRI_MONTHS: tuple[str, ...] = (
    "Muharram",
    "Safar",
    "Rabi al-Awwal",
    "Rabi al-Thani",
    "Jumada al-Awwal",
    "Jumada al-Thani",
    "Rajab",
    "Shaban",
    "Ramadan",
    "Shawwal",
    "Dhu al-Qadah",
    "Dhu al-Hijjah",
)

WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

STATEMENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "we will not accept any government in Kabul that excludes the people of {province}",
        "rejects any government in Kabul that excludes the people of {province}",
        ("governance", "opposition_unity"),
    ),
    (
        "the door to negotiations with the Taliban remains open, but not at any price",
        "says the door to negotiations with the Taliban remains open under conditions",
        ("negotiations",),
    ),
    (
        "the meeting in {city} was a first step toward a national dialogue",
        "calls the meeting in {city} a first step toward a national dialogue",
        ("meeting_outcome", "negotiations"),
    ),
    (
        "{state} must not recognise the Taliban government before an inclusive settlement",
        "urges {state} not to recognise the Taliban government before an inclusive settlement",
        ("recognition",),
    ),
    (
        "our forces in {province} are ready to defend the people",
        "says the front's forces in {province} are ready to fight",
        ("armed_resistance", "security"),
    ),
    (
        "the world should keep its pressure on Kabul over the rights of women and girls",
        "asks for continued pressure on Kabul over women's rights",
        ("women_rights", "international_support"),
    ),
    (
        "we discussed the humanitarian situation in {province} and the return of refugees",
        "reports talks on the humanitarian situation in {province} and on refugees",
        ("humanitarian", "return_and_amnesty"),
    ),
    (
        "there can be no military solution to the crisis in Afghanistan",
        "rules out a military solution to the crisis",
        ("negotiations", "security"),
    ),
    (
        "the opposition must speak with one voice if it wants to be heard in {city}",
        "calls on the opposition to unite ahead of the talks in {city}",
        ("opposition_unity",),
    ),
    (
        "{state} has promised to support a political process led by Afghans",
        "says {state} promised support for an Afghan-led political process",
        ("international_support", "regional_relations"),
    ),
    (
        "the sanctions hurt ordinary people in {province} more than the leadership",
        "says sanctions hurt ordinary people in {province} more than the leaders",
        ("sanctions", "economy"),
    ),
    (
        "the Taliban have broken every promise they made in Doha",
        "accuses the Taliban of breaking the Doha commitments",
        ("negotiations", "governance"),
    ),
    (
        "a general amnesty means nothing without guarantees for those who return",
        "questions the amnesty without guarantees for returnees",
        ("return_and_amnesty", "human_rights"),
    ),
    (
        "the next round of talks should take place in {city} before the end of the year",
        "proposes {city} for the next round of talks within the year",
        ("negotiations", "meeting_outcome"),
    ),
    (
        "armed groups are still active in {province}, whatever Kabul says",
        "says armed groups remain active in {province}",
        ("terrorism", "security"),
    ),
    (
        "we will continue our consultations with {state} and the other neighbours",
        "announces further consultations with {state} and other neighbours",
        ("regional_relations",),
    ),
    (
        "no country in the region has an interest in another war in Afghanistan",
        "says no regional country wants another war in Afghanistan",
        ("regional_relations", "security"),
    ),
    (
        "elections are the only way to give Afghanistan a legitimate government",
        "calls for elections as the basis of a legitimate government",
        ("governance", "opposition_leadership"),
    ),
    (
        "the schools for girls in {province} must reopen without further delay",
        "demands that girls' schools in {province} reopen",
        ("women_rights", "human_rights"),
    ),
    (
        "trade through {province} has fallen by half since the borders were closed",
        "says trade through {province} halved after the border closures",
        ("economy", "regional_relations"),
    ),
)
"""(first-person statement, neutral summary predicate, topics)."""

HEADLINES: tuple[str, ...] = (
    "Afghan opposition figures gather in {city}",
    "{state} hosts talks on Afghanistan's future",
    "Opposition leaders call for an inclusive government after {city} meeting",
    "Regional envoys meet in {city} as Kabul stays away",
    "Talks in {city} end without a joint statement",
    "Opposition divided over the {series}",
)

ATTRIBUTION_VERBS: tuple[str, ...] = ("said", "told reporters", "stressed", "added", "warned")

EDITORIAL_SENTENCES: tuple[str, ...] = (
    "the meeting in {city} showed how divided the opposition remains",
    "{state} appears keen to present itself as a mediator",
    "none of the delegations in {city} spoke for the people of {province}",
    "the talks produced more photographs than agreements",
    "the absence of a Taliban delegation weighed on every session in {city}",
)
