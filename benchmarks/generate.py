#!/usr/bin/env python3
"""Seeded, deterministic generator of a synthetic news corpus with known reuse.

    python benchmarks/generate.py --paragraphs 10000 --seed 7 --out benchmarks/out/gen-10k

writes::

    OUT/corpus/corpus-0000.jsonl ...  articles in passim's JSON Lines
                                      (id, series, date, text, url, title)
    OUT/truth.jsonl                   one record per derived paragraph (copy or paraphrase)
    OUT/outlets.json                  outlets, aliases (credit-line names), house styles
    OUT/meta.json                     parameters, seed, counts

See ``benchmarks/README.md`` for the format and how to score against the truth.
Standalone on purpose: standard library and numpy only, nothing from ``provenance``.
The same seed and parameters give byte-identical files.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import json
import math
import random
import re
import sys
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

GENERATOR_VERSION = 1
MAX_DEPTH = 4  # a copy of a copy of a copy of a copy at most
MIN_WORDS, MAX_WORDS = 40, 150  # words of an original paragraph
MIN_PARAS, MAX_PARAS = 5, 15  # paragraphs of an article


def _words(block: str) -> list[str]:
    """The whitespace-separated words of a block of text."""
    return block.split()


# --------------------------------------------------------------------------- vocabulary
#
# Notation in the word lists below:  a/b  American/British spelling;  a|b|c  transliteration
# variants of one name (an outlet prefers one);  a^b  dotted/undotted abbreviation.

FUNCTION_WORDS = """
the 62000 of 27000 to 26000 and 23000 a 21000 in 20000 that 10500 for 8800 on 7600 is 7400
was 6900 with 6500 he 5800 it 5600 as 5000 at 4900 by 4700 from 4400 his 3900 be 3700
has 3900 have 3600 an 3400 are 3300 were 2900 but 2800 not 2700 which 2300 this 2600 had 2500
they 2500 who 2400 will 2500 been 2200 would 2200 their 2100 its 2100 after 1800 we 1700
or 1700 she 1300 about 1500 more 1500 there 1300 than 1300 up 1300 all 1200 over 1100 out 1200
also 1300 her 1200 if 1000 can 1000 into 1000 when 1000 no 900 could 900 other 900 one 1000
so 800 what 800 against 700 while 650 some 700 them 650 because 600 any 450 our 550 before 550
since 550 during 500 under 500 between 500 may 450 should 450 those 450 these 450 then 450
did 450 him 450 where 400 how 400 being 350 only 650 most 550 many 600 such 350 each 350
both 350 through 350 until 300 without 300 including 400 among 300 amid 180 across 280
around 380 despite 220 whether 280 however 300 very 300 just 450 like 350 even 350 still 380
already 250 now 550 do 500 does 280 must 250 might 220 us 250 you 600 your 250 me 200 off 250
down 250 near 150 toward 110 towards 70 within 200 per 100 via 70 upon 60 though 180
although 180 unless 50 once 180 yet 150 nor 40 either 90 neither 40 every 180 several 250
few 180 much 280 another 300 same 280 own 260 here 250 why 140 whose 90 whom 50 never 200
again 250 further 150 less 200 next 300 last 500 first 600
"""

NOUNS = """
government minister president country people year week official officials state police security
forces troops military army war conflict talks agreement deal peace ceasefire border region city
capital ministry statement spokesman spokeswoman spokesperson report reports election vote
parliament party opposition leader leaders court law case investigation attack attacks strike
strikes crisis economy market markets prices inflation rate rates bank percent million billion
oil gas energy power aid support sanctions refugees residents civilians villages town area
territory corridor road roads supplies food fuel water hospital health children women men
families situation tensions action actions plan plans measures decision policy reform budget
tax taxes trade exports imports companies company industry workers union protest protests
protesters demonstrators crowd rally campaign candidate candidates voters results poll polls
coalition cabinet lawmakers senator senators committee council summit meeting visit delegation
envoy ambassador embassy diplomat diplomats affairs relations alliance partners allies community
agency authorities administration office department secretary director chief head commander
soldiers officers weapons missiles drones shelling fire clashes casualties deaths victims
injuries damage infrastructure buildings homes earthquake flood floods storm weather climate
emissions conference negotiations mediation proposal proposals initiative framework treaty
resolution sovereignty independence integrity recognition dispute disputes claims allegations
accusations charges trial verdict judge prosecutors lawyers arrest detention prisoners hostages
release exchange media journalists newspaper interview television radio website information data
figures number numbers amount level levels increase rise fall drop growth recession debt loans
funding investment investors shares stocks currency dollar euro sector banks business businesses
jobs unemployment wages pensions schools students universities education hospitals doctors
patients vaccine virus pandemic outbreak disease services system network technology internet
platform users phone call calls message letter speech remarks comments question questions answer
response reaction concerns concern fears hopes threat threats risk risks warning warnings pressure
demands request appeal efforts steps move moves process progress stage phase period months years
weeks days hours time morning evening night weekend future history past side sides parties groups
group members member citizens population majority minority rights freedom democracy justice
corruption scandal resignation successor position role control influence interests interest
stability operation operations offensive buildup withdrawal deployment mission peacekeepers
observers monitors checkpoint blockade convoy trucks cargo shipment port airport flights passengers
ship vessel navy coast sea river mountains village province district line contact front frontline
positions base bases camp camps shelter tents winter summer spring autumn aftermath agenda ally
analyst analysts approach assistance assault barrier bid bill border-crossing bridge broadcast
bureau capacity ceremony chairman chance charge choice coverage credit critics currency-reserves
deadline debate defeat deficit delay desk detainees dialogue document draft duty effort embargo
emergency enemy envoy-designate escalation estimate evacuation evidence expert experts failure
fighters fighting finance footage gathering goal grain guarantee guarantees guidelines incident
incidents inquiry insurgents intelligence invasion issue issues journalist killing killings
landmark lawmaker leadership legislation lender loan majority-stake manifesto memorandum migrants
militants minute mood motion neighborhood/neighbourhood neighbors/neighbours neighbor/neighbour
defense/defence center/centre organization/organisation organizations/organisations labor/labour
program/programme programs/programmes honor/honour favor/favour behavior/behaviour harbor/harbour
offense/offence license/licence theater/theatre mobilization/mobilisation
stabilization/stabilisation normalization/normalisation authorization/authorisation rumor/rumour
rumors/rumours kilometers/kilometres kilometer/kilometre aluminum/aluminium counselor/counsellor
travelers/travellers color/colour endeavor/endeavour outcome overhaul pact panel parade path
payment payments petition pipeline pledge premier presidency pressure-group priority probe
prosecutor prospect protection province-wide purchase quota raid ranks ration reaction-force rebels
reconstruction referendum regime regulator reserves resources restrictions revenue ruling rules
scale schedule scheme seat seats settlement shortage shortages signal site slowdown source sources
speaker spending staff standoff stake statement-of-intent status strategy streets subsidies
successors supply surge surveillance survey suspect suspects talks-process target targets term
terms testimony tour transit transport truce turnout unit units uprising veto violence
violations volunteers warplanes wave wheat witness witnesses workforce yield
January February March April May June July August September October November December
"""

ADJECTIVES = """
new former last first second third final major key senior top local national international foreign
military political economic humanitarian diplomatic public private official federal regional
central northern southern eastern western armed civil human serious urgent immediate deep rapid
sharp strong weak high low large small big long short recent early late previous current possible
potential likely clear direct joint bilateral nuclear environmental social financial legal
constitutional presidential parliamentary ruling independent separatist ethnic religious
unacceptable alleged deadly fresh further growing heavy massive minor modest narrow open peaceful
provisional renewed rival sensitive severe stable tough unprecedented violent wider willing worried
neighboring/neighbouring armored/armoured favorable/favourable gray/grey
Armenian Azerbaijani Russian Ukrainian American British French German Turkish Iranian Chinese
Israeli Palestinian European Georgian Syrian Iraqi Afghan Pakistani Indian Japanese Polish
Hungarian Egyptian Saudi Lebanese Kurdish Western African Baltic Soviet Caucasian
"""

ADVERBS = """
recently reportedly allegedly previously currently immediately repeatedly strongly sharply largely
widely publicly officially directly fully quickly later earlier soon together deeply seriously
finally effectively particularly especially nearly almost initially formally reportedly openly
briefly separately jointly privately increasingly roughly mostly
"""

TITLES = """
President Minister Mr. Ms. Dr. Gen. Col. Sen. Rep. Secretary Ambassador Chancellor Commander
Spokesman Governor Mayor Premier Deputy Envoy Speaker Judge Prosecutor Lt.
"""

FIRST_NAMES = """
Mohammed|Muhammad|Mohamed Sergei|Sergey Dmitry|Dmitri Yuri|Yury Vladimir Nikol Ilham Antony Olaf
Emmanuel Recep Ebrahim Ali Ahmed|Ahmad Hassan|Hasan Hussein|Husayn Yevgeny|Evgeny Alexei|Aleksei
Mikhail Olena|Elena Volodymyr Oleksandr|Aleksandr Andriy|Andrei Maria Anna John James Robert
Michael David Sarah Emily Jennifer Lisa Karen Thomas Peter Paul Mark Jean Pierre Hans Klaus
Angela Ursula Charles Josep Jens Mette Giorgia Pedro Luiz Narendra Shehbaz Xi Li Fumio Yoon Joko
Benjamin Yair Mahmoud Ismail Bashar Abdel Kassym Shavkat Irakli Salome Ararat Armen Tigran
Arayik|Araik Ruben Samvel Hikmet Jeyhun|Ceyhun Elnur Anar Zakir Leyla Gohar Lilit Nino Giorgi
Levan Tamar Rustam Farid Omar Khalid Yusuf|Yousef Ibrahim Mustafa|Mostafa Fatima Layla Nadia
Hamid Reza Javad Kamala Antonio Roberta Josef Karl Marta Elena Ivan Igor Oleg Natalia Svetlana
Tatiana|Tatyana Viktor Valery|Valeri Gennady|Gennadi Arsen Davit|David Edmon Anna-Maria
Kristina Simon Daniel Laura Julia Carlos Ana Miguel Rafael Hakan Mevlut|Mevlüt Jeyran Vagif
Hikmat Ramiz Elmar Ceyda Serdar Kemal Selim Bilal Tariq Imran Nawaz Rahul Amit Priya
"""

LAST_NAMES = """
Pashinyan|Pashinian Aliyev|Aliev Zelensky|Zelenskyy|Zelenskiy Lavrov Shoigu|Shoygu Peskov Putin
Medvedev Erdogan|Erdoğan Cavusoglu|Çavuşoğlu Raisi|Raeisi Khamenei Gaddafi|Qaddafi|Kadhafi Assad
Netanyahu Abbas Haniyeh|Haniya Nasrallah Mirzoyan Bayramov Hajiyev|Hajiev Harutyunyan|Harutiunian
Kocharyan|Kocharian Tymoshenko|Timoshenko Kuleba Yermak Podolyak|Podoliak Prigozhin|Prigojine
Navalny|Navalnyy Kadyrov Lukashenko|Lukashenka Tokayev|Tokaev Mirziyoyev|Mirziyoev
Garibashvili|Gharibashvili Zourabichvili|Zurabishvili Blinken Biden Sullivan Kirby Miller Kim
Borrell Michel Macron Scholz Sunak Cleverly Guterres Dujarric Stoltenberg Grossi Brown Smith
Johnson Williams Jones Garcia Martin Rossi Schmidt Dubois Novak Kowalski Petrov Ivanov Sokolov
Popescu Horvat Nagy Yilmaz Demir Kaya Hosseini Rahimi Karimi Haddad Khalil Mansour Farouk Okafor
Mensah Kamau Singh Sharma Khan Chen Wang Liu Tanaka Sato Park Nguyen Santos Silva Costa Fernandez
Lopez Simonyan|Simonian Grigoryan|Grigorian Avetisyan|Avetisian Sargsyan|Sargsian|Sarkisian
Hovhannisyan|Hovannisian Mammadov|Mamedov Huseynov|Guseinov Abdullayev|Abdullaev Ismayilov|Ismailov
Hasanov|Gasanov Kuznetsov Volkov Morozov Shevchenko Bondarenko Kovalenko Melnyk|Melnik
Gonzalez Rodriguez Hernandez Muller|Müller Weber Fischer Bauer Moreau Laurent Leroy Bianchi
Romano Ricci Nowak Wisniewski Dvorak Kovacs Szabo Ozturk|Öztürk Celik|Çelik Sahin|Şahin Abdi
Mohammadi Ahmadi Tehrani Nasser Saleh Hamdan Qasim|Kassem Obeid Barakat Aziz Rahman Hossain Ali-Khan
Osei Adeyemi Nkosi Dlamini Mwangi Otieno Haile Tesfaye Bekele Takahashi Suzuki Watanabe Yamamoto
Lee Choi Jung Zhang Zhao Huang Tran Pham Reyes Cruz Mendoza Torres Ramirez Flores
"""

PLACES = """
U.S.^US U.K.^UK Armenia Azerbaijan Russia Ukraine Georgia Turkey Iran Iraq Syria Israel Lebanon
Jordan Egypt Libya Sudan Ethiopia Somalia Kenya Nigeria Mali Niger France Germany Britain Italy
Spain Poland Hungary Romania Moldova Belarus Kazakhstan Uzbekistan Kyrgyzstan Tajikistan
Turkmenistan Afghanistan Pakistan India China Japan Taiwan Korea Vietnam Indonesia Australia
Canada Mexico Brazil Argentina Venezuela Colombia Cuba Serbia Kosovo Bosnia Croatia Greece Cyprus
Qatar Oman Yemen Bahrain Kuwait Europe Asia Africa Caucasus Balkans Yerevan Baku Tbilisi Moscow
Kyiv|Kiev Kharkiv|Kharkov Odesa|Odessa Lviv|Lvov Donetsk Luhansk|Lugansk Mariupol
Bakhmut|Artemivsk Kherson Zaporizhzhia|Zaporozhye Crimea Minsk Ankara Istanbul Tehran Baghdad
Damascus Beirut Jerusalem Gaza Cairo Tripoli Khartoum Nairobi Washington London Paris Berlin
Brussels Vienna Geneva Rome Madrid Warsaw Budapest Prague Beijing Tokyo Delhi Islamabad Kabul
Doha Riyadh Dubai Stepanakert|Khankendi Shusha|Shushi Lachin Aghdam Goris Syunik|Siunik Gyumri
Ganja Nakhchivan|Nakhichevan Artsakh Karabakh Nagorno-Karabakh Tavush Sotk Jermuk Kapan Vanadzor
Batumi Kutaisi Sukhumi Tskhinvali Aleppo Idlib Mosul Basra Erbil Kirkuk Homs Latakia Haifa Hebron
Ramallah Rafah Benghazi Misrata Mogadishu Kampala Kigali Dakar Bamako Abuja Lagos Chisinau
Bucharest Sofia Belgrade Pristina Sarajevo Zagreb Athens Nicosia Almaty Astana Tashkent Bishkek
Dushanbe Ashgabat Kandahar Herat Karachi Lahore Mumbai Shanghai Seoul Pyongyang Hanoi Jakarta
Manila Sydney Ottawa Caracas Bogota Havana Brasilia Lima
"""

ORGS = """
NATO U.N.^UN E.U.^EU OSCE Kremlin Pentagon Congress IMF UNICEF UNHCR CSTO Gazprom Rosneft Hamas
Hezbollah Taliban Wagner Interpol OPEC ASEAN BRICS G7 G20 ICRC IAEA WHO Parliament Senate Duma
Knesset Majlis Rada Bundestag Elysee Commission Council Cabinet Assembly Ministry Court Embassy
"""

# function words that open a sentence, with weights
STARTERS = """
the 40 a 8 in 8 he 5 on 4 but 4 it 4 after 3 they 3 this 3 at 2 she 2 some 2 however 1.5
many 1.5 an 1 we 1 during 1 while 1 since 1 last 1 both 0.5 its 1 their 1 his 1 under 0.5
"""

DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"

NUMBERS = """
two three four five six seven eight nine ten dozens hundreds thousands 11 12 15 20 24 25 30 40 48
50 60 70 72 80 90 100 120 150 200 250 300 400 500 600 700 800 1,000 1,200 1,500 2,000 2,500 3,000
5,000 10,000 15,000 20,000 30,000 50,000 100,000 120,000 1.5 2.5 3.2 4.7 6.8 7.5 12.5 2019 2020
2021 2022 2023 2024 1991 1994 2008 2014 2016 2018 13 14 16 17 18 19 21 22 23 26 27 28 35 45 65 75
"""

VERBS = """
say tell warn urge call accuse deny reject confirm announce report claim add note stress insist
agree sign meet hold discuss visit arrive leave return launch attack kill wound injure destroy
damage target fire shell seize capture control withdraw deploy send receive deliver provide offer
propose plan prepare expect hope seek try fail manage continue remain become begin start end stop
block open close allow prevent ban impose lift extend approve pass vote elect win lose lead run
face raise cut increase reduce rise fall grow drop cost pay spend invest build rebuild restore
support back oppose condemn welcome praise thank ask demand require need want believe think know
see show find suggest indicate reveal publish release arrest detain charge sentence convict free
resign appoint replace name nominate investigate examine review monitor observe guarantee ensure
protect defend threaten force push press pressure contact speak talk respond reply decline refuse
take give make come go keep bring buy sell fight shoot hit put set stand understand get write
break drive fly flee hear feel mean choose estimate negotiate mediate evacuate accept acknowledge
admit vow pledge plead postpone resume suspend shelve host attend chair brief highlight underline
recognize/recognise criticize/criticise mobilize/mobilise organize/organise emphasize/emphasise
authorize/authorise stabilize/stabilise normalize/normalise apologize/apologise analyze/analyse
prioritize/prioritise characterize/characterise minimize/minimise travel~L cancel~L label~L
signal~L fuel~L total~L
"""

IRREGULAR_PAST = dict(
    pair.split(":")
    for pair in _words("""
say:said tell:told meet:met hold:held leave:left seek:sought become:became begin:began run:ran
win:won lose:lost lead:led rise:rose fall:fell grow:grew cut:cut pay:paid spend:spent
build:built rebuild:rebuilt think:thought know:knew see:saw find:found speak:spoke send:sent
take:took give:gave make:made come:came go:went keep:kept bring:brought buy:bought sell:sold
fight:fought shoot:shot hit:hit put:put set:set stand:stood understand:understood get:got
write:wrote break:broke drive:drove fly:flew flee:fled hear:heard feel:felt mean:meant
choose:chose withdraw:withdrew shell:shelled free:freed cost:cost
""")
)
DOUBLING = {
    "stop",
    "ban",
    "plan",
    "drop",
    "admit",
    "cut",
    "run",
    "win",
    "hit",
    "put",
    "set",
    "get",
    "commit",
    "control",
    "patrol",
    "ship",
    "step",
    "regret",
}

# Synonyms a copy editor reaches for; other swaps take a random word of the same register.
SYNONYMS = {
    word: alts.replace("_", " ").split(",")
    for word, _, alts in (
        pair.partition(":")
        for pair in _words("""
said:stated,added,noted government:authorities,administration officials:authorities
country:nation talks:negotiations negotiations:talks attack:assault killed:slain troops:soldiers
soldiers:troops urged:pressed warned:cautioned announced:declared agreement:deal,accord
deal:agreement meeting:talks president:leader leader:head however:but about:around large:big
big:large major:key key:major people:residents residents:people region:area area:region
city:town town:city claimed:alleged rejected:dismissed denied:rejected began:started
started:began ended:concluded aid:assistance plan:proposal proposal:plan spokesman:spokesperson
also:further statement:communique concerns:fears fears:concerns clashes:fighting
fighting:clashes recent:latest several:some many:numerous against:versus before:ahead_of
during:amid amid:during because:as while:whereas would:will will:would has:had had:has is:was
was:is
""")
    )
}

DATELINE_CITIES = """
Yerevan Baku Tbilisi Moscow Kyiv Washington London Paris Brussels Ankara Tehran Beijing Geneva
Berlin Jerusalem Cairo Beirut Istanbul Warsaw Vienna Tokyo Delhi Islamabad Kabul Nairobi Doha
Stepanakert Minsk Almaty Tashkent Baghdad Damascus Riyadh Rome Madrid Prague Budapest Athens
"""

OUTLET_PLACES = """
Meridian Northgate Caspian Baltic Levant Harbor Lakeside Eastbridge Westfield Highland Riverside
Capital Continental Atlantic Pacific Summit Granite Silver Crescent Frontier Ararat Danube
Euphrates Aegean Pontic Carpathian Steppe Amber Cedar Oakridge Kingsport Bayview Redstone
Clearwater Stonebridge Fairhaven Southport Brightwater Ironwood Marlow Kestrel Northwind Tigris
Sevan Anatolian Zagros Kura Aras Volga Dnieper Vistula Adriatic Ionian Sahel Horn Gulf Cascade
"""
OUTLET_PAPERS = """
Herald Times Post Observer Chronicle Gazette Tribune Courier Ledger Dispatch Monitor Standard
Journal Review Sentinel Examiner Express Star Mirror Telegraph Bulletin Spectator Record Voice
"""

ZONES = ["+04:00", "+04:00", "+03:00", "+02:00", "+01:00", "+00:00", "-05:00", "-04:00"]

# word classes of the part-of-speech Markov chain that drives word sampling
F, N, V, A, ADV, T, P1, P2, PL, ORG, NUM, ON, DAY, SAID, FS = range(15)
K = 15
_TRANS: dict[int | str, dict[int, float]] = {  # from-class: {to-class: weight}
    "start": {FS: 34, N: 6, A: 8, ADV: 2, T: 12, P1: 14, P2: 2, PL: 12, ORG: 6, NUM: 4},
    FS: {F: 8, N: 40, V: 8, A: 18, ADV: 2, T: 7, P1: 4, P2: 1, PL: 8, ORG: 4, NUM: 4},
    F: {F: 8, N: 38, V: 8, A: 16, ADV: 2, T: 5, P1: 4, P2: 1, PL: 8, ORG: 3, NUM: 3},
    N: {F: 50, N: 8, V: 22, A: 1, ADV: 4, P1: 1, PL: 3, ORG: 1, NUM: 1, ON: 1.5, SAID: 3},
    V: {F: 52, N: 14, V: 2, A: 8, ADV: 6, T: 3, P1: 3, P2: 1, PL: 4, ORG: 2, NUM: 4, ON: 1.5},
    A: {F: 3, N: 82, A: 5, T: 4, PL: 3, ORG: 2},
    ADV: {F: 40, V: 40, A: 15, N: 5},
    T: {T: 8, P1: 62, P2: 22, F: 5, V: 3},
    P1: {P2: 1},
    P2: {F: 35, V: 30, SAID: 20, N: 6, ON: 2, ADV: 5, PL: 2},
    PL: {F: 45, V: 18, N: 20, SAID: 3, ON: 1.5, PL: 2, A: 5, ORG: 2, NUM: 3},
    ORG: {F: 45, V: 25, N: 15, SAID: 10, ON: 1.5, PL: 3},
    NUM: {N: 70, F: 20, PL: 5, A: 5},
    ON: {DAY: 1},
    DAY: {F: 60, V: 8, N: 7, ADV: 3, PL: 4, SAID: 2},
    SAID: {F: 65, N: 5, PL: 3, P1: 4, T: 6, ON: 6, ADV: 3, A: 3, ORG: 3},
}
BAD_END = np.array([c in (F, FS, A, T, P1, ON) for c in range(K)])
COMMA_CLASSES = np.array([c in (N, P2, PL, DAY, NUM, ORG, ADV) for c in range(K)])
POSS_CLASSES = np.array([c in (P2, PL, ORG) for c in range(K)])


def _verb_forms(lemma: str) -> list[str]:
    """base, -s, past, -ing of a regular or listed-irregular verb."""
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    double = lemma in DOUBLING
    if lemma in IRREGULAR_PAST:
        past = IRREGULAR_PAST[lemma]
    elif lemma.endswith("e"):
        past = lemma + "d"
    elif lemma.endswith("y") and lemma[-2] not in "aeiou":
        past = lemma[:-1] + "ied"
    elif double:
        past = lemma + lemma[-1] + "ed"
    else:
        past = lemma + "ed"
    if lemma.endswith("ie"):
        ing = lemma[:-2] + "ying"
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye")):
        ing = lemma[:-1] + "ing"
    elif double:
        ing = lemma + lemma[-1] + "ing"
    else:
        ing = lemma + "ing"
    return [lemma, third, past, ing]


class Vocab:
    """Word entries by class with Zipf weights, and the surface tables of each house style.

    An entry is ``(kind, forms)``: kind 0 plain, 1 spelling (us, uk), 2 transliteration
    variants, 3 abbreviation (dotted, undotted). A style is ``spelling | translit << 1 |
    abbrev << 2`` (8 styles). Surface index = ``variant * V + word`` where variant is
    ``cap * 4 + suffix`` (suffix 0 none, 1 comma, 2 period, 3 possessive).
    """

    def __init__(self) -> None:
        entries: list[tuple[int, tuple[str, ...]]] = []
        classes: list[int] = []
        weights: list[float] = []

        def parse(token: str) -> tuple[int, tuple[str, ...]]:
            if "/" in token:
                return 1, tuple(token.split("/"))
            if "|" in token:
                return 2, tuple(token.split("|"))
            if "^" in token:
                return 3, tuple(token.split("^"))
            return 0, (token,)

        def add(cls: int, tokens: list[str], zipf_s: float, offset: float = 2.7) -> None:
            for rank, tok in enumerate(tokens):
                entries.append(parse(tok))
                classes.append(cls)
                weights.append(1.0 / (rank + offset) ** zipf_s)

        fw = _words(FUNCTION_WORDS)
        for word, freq in zip(fw[0::2], fw[1::2], strict=True):
            if int(freq) > 0:
                entries.append((0, (word,)))
                classes.append(F)
                weights.append(float(freq))
        sw = _words(STARTERS)
        for word, wt in zip(sw[0::2], sw[1::2], strict=True):
            entries.append((0, (word,)))
            classes.append(FS)
            weights.append(float(wt))
        add(N, _words(NOUNS), 0.85, 8.0)
        # verbs: every form of every lemma; lemma rank gives the Zipf weight, the form a share
        form_share = (0.2, 0.2, 0.45, 0.15)
        for rank, tok in enumerate(_words(VERBS)):
            lemma_w = 1.0 / (rank + 5.0) ** 0.9
            if "/" in tok:
                us, uk = tok.split("/")
                pairs = list(zip(_verb_forms(us), _verb_forms(uk), strict=True))
            elif tok.endswith("~L"):
                base = tok[:-2]
                us_f = _verb_forms(base)
                uk_f = [base, us_f[1], base + "led", base + "ling"]
                us_f = [base, us_f[1], base + "ed", base + "ing"]
                pairs = list(zip(us_f, uk_f, strict=True))
            else:
                pairs = [(f, f) for f in _verb_forms(tok)]
            seen: set[str] = set()
            for (us, uk), share in zip(pairs, form_share, strict=True):
                if us in seen:  # cut/cut, put/put ...
                    continue
                seen.add(us)
                entries.append((1, (us, uk)) if us != uk else (0, (us,)))
                classes.append(V)
                weights.append(lemma_w * share)
        add(A, _words(ADJECTIVES), 0.8, 5.0)
        add(ADV, _words(ADVERBS), 0.8)
        add(T, _words(TITLES), 1.0, 1.5)
        add(P1, _words(FIRST_NAMES), 0.9)
        add(P2, _words(LAST_NAMES) + _generated_surnames(), 0.9, 4.0)
        add(PL, _words(PLACES) + _generated_places(), 0.9, 3.0)
        add(ORG, _words(ORGS), 0.9)
        add(NUM, _words(NUMBERS), 0.8)
        entries.append((0, ("on",)))
        classes.append(ON)
        weights.append(1.0)
        add(DAY, _words(DAYS), 0.0)
        entries.append((0, ("said",)))
        classes.append(SAID)
        weights.append(1.0)

        order = np.argsort(np.array(classes), kind="stable")
        self.entries: list[tuple[int, tuple[str, ...]]] = [entries[int(i)] for i in order]
        self.classes = np.array(classes)[order]
        w = np.array(weights)[order]
        self.V = len(self.entries)
        self.class_offset = np.searchsorted(self.classes, np.arange(K + 1))
        self.class_cum: list[np.ndarray] = []
        for k in range(K):
            ww = w[self.class_offset[k] : self.class_offset[k + 1]]
            cum = np.cumsum(ww) / ww.sum()
            cum[-1] = 1.0
            self.class_cum.append(cum)
        self._tables: dict[int, np.ndarray] = {}
        self._build_maps()

    # ----------------------------------------------------------------- surfaces
    def surface(self, i: int, style: int) -> str:
        kind, forms = self.entries[i]
        if kind == 1:
            return forms[style & 1]
        if kind == 2:
            return forms[((style >> 1) & 1) % len(forms)]
        if kind == 3:
            return forms[(style >> 2) & 1]
        return forms[0]

    def table(self, style: int) -> np.ndarray:
        tab = self._tables.get(style)
        if tab is None:
            base = [self.surface(i, style) for i in range(self.V)]
            out: list[str] = []
            for cap in (False, True):
                words = [w[:1].upper() + w[1:] for w in base] if cap else base
                out += words
                out += [w + "," for w in words]
                out += [w if w.endswith(".") else w + "." for w in words]
                out += [w + "’" if w.endswith("s") else w + "’s" for w in words]
            tab = np.array(out, dtype=object)
            self._tables[style] = tab
        return tab

    def _build_maps(self) -> None:
        """Word maps that normalise text to one house style, per dimension and target."""
        self.spelling_map: list[dict[str, str]] = [{}, {}]
        self.translit_map: list[dict[str, str]] = [{}, {}]
        self.abbrev_pairs: list[tuple[str, str]] = []
        self.lower_words: set[str] = set()
        self.swap_pool: list[str] = []
        swap_w: list[float] = []
        for i, (kind, forms) in enumerate(self.entries):
            cls = int(self.classes[i])
            if kind == 1:
                for target in (0, 1):
                    src, dst = forms[1 - target], forms[target]
                    self.spelling_map[target][src] = dst
                    self.spelling_map[target][src[:1].upper() + src[1:]] = dst[:1].upper() + dst[1:]
            elif kind == 2:
                for target in (0, 1):
                    dst = forms[target % len(forms)]
                    for src in forms:
                        if src != dst:
                            self.translit_map[target][src] = dst
            elif kind == 3:
                self.abbrev_pairs.append((forms[0], forms[1]))
            for f in forms:
                if f[:1].islower():
                    self.lower_words.add(f)
            if cls in (N, V, A, ADV, F) and kind == 0 and forms[0].isalpha() and forms[0].islower():
                self.swap_pool.append(forms[0])
                cum = self.class_cum[cls]
                j = i - self.class_offset[cls]
                swap_w.append(float(cum[j] - (cum[j - 1] if j else 0.0)) * (0.5 if cls == F else 1))
        self.swap_cum = np.cumsum(swap_w) / sum(swap_w)
        self.swap_cum[-1] = 1.0
        # 8 words that signal a dimension, for a quick "is there anything to convert" check
        self.spelling_keys = [frozenset(m) for m in self.spelling_map]
        self.translit_keys = [frozenset(m) for m in self.translit_map]


def _generated_surnames() -> list[str]:
    """Caucasus/Slavic-style surnames with transliteration variants (fixed, not seeded)."""
    stems = _words(
        "Arakel Bagrat Davt Gevorg Hakob Karapet Levon Manuk Nerses Petros Sahak Tatev Vardan "
        "Zaven "
        "Ashot Gurgen Mher Rafik Suren Vahan Artur Garnik Hrant Khachik Misak Norik Rouben Sedrak "
        "Tigran Vazgen Babay Jafar Kerim Mahmud Nadir Rasul Sabir Tahir Vali Yaqub Zeynal Elchin "
        "Fuad Galib Huseyn Ilgar Javid Kamran Logman Murad Natig Orkhan Polad Ramil Samir Tofig "
        "Ulvi Vusal Zaur Bogdan Grigor Miron Nazar Prokop Rodion Stepan Taras Yaroslav Zinovi"
    )
    rng = random.Random(20230910)
    out = []
    for i, stem in enumerate(stems):
        if i % 3 == 0:
            out.append(f"{stem}yan|{stem}ian")
        elif i % 3 == 1:
            out.append(f"{stem}ov|{stem}ev" if stem[-1] not in "aeiou" else f"{stem}yev|{stem}ev")
        else:
            out.append(f"{stem}enko|{stem}enka" if rng.random() < 0.5 else f"{stem}shvili")
    return out


def _generated_places() -> list[str]:
    """Village and district names built from syllables (fixed, not seeded)."""
    a = _words("Ak Kara Nor Ver Gol Tas Bel Dar Zar Kur Mar Sar Tal Var Khor Shir Ar Dzor Ber Gyul")
    b = _words("abad dzor kend shen tala ovka ino aran ashat ani avan istan ivka ukh")
    rng = random.Random(1991)
    out = []
    for _ in range(260):
        name = rng.choice(a) + rng.choice(b)
        if name not in out:
            out.append(name)
    return out[:200]


# --------------------------------------------------------------------------- original text


class TextSource:
    """Original paragraphs, made in numpy batches, rendered on demand in a house style."""

    def __init__(
        self,
        vocab: Vocab,
        rng: np.random.Generator,
        batch: int = 2048,
        phrases: Phrases | None = None,
    ) -> None:
        self.vocab = vocab
        self.phrases = phrases
        self.rng = rng
        self.batch = batch
        self.next = batch  # forces a fill
        start = np.array([_TRANS["start"].get(k, 0.0) for k in range(K)], dtype=float)
        self.start_cum = np.cumsum(start) / start.sum()
        rows = []
        for c in range(K):
            r = np.array([_TRANS[c].get(k, 0.0) for k in range(K)], dtype=float)
            rows.append(np.cumsum(r) / r.sum())
        self.trans_cum = np.array(rows)
        self.start_cum[-1] = 1.0
        self.trans_cum[:, -1] = 1.0

    def _fill(self) -> None:
        rng, P, voc = self.rng, self.batch, self.vocab
        W = np.clip(np.rint(rng.lognormal(math.log(82), 0.33, P)), MIN_WORDS, MAX_WORDS)
        W = W.astype(np.int64)
        lo = -(-W // 40)
        hi = np.minimum(6, W // 10)
        S = np.clip(np.rint(W / rng.uniform(16, 32, P)), lo, hi).astype(np.int64)
        ns = int(S.sum())
        para_of = np.repeat(np.arange(P), S)
        g = rng.gamma(5.0, size=ns)
        gsum = np.bincount(para_of, weights=g, minlength=P)
        rem = W - 8 * S
        L = 8 + np.floor(g / gsum[para_of] * rem[para_of]).astype(np.int64)
        first = np.cumsum(S) - S
        L[first] += W - np.bincount(para_of, weights=L, minlength=P).astype(np.int64)
        quote = (rng.random(ns) < 0.09) & (L >= 10)
        scare = ~quote & (rng.random(ns) < 0.05) & (L >= 12)
        scare_k = (rng.random(ns) * np.maximum(L - 6, 1)).astype(np.int64) + 2
        scare_m = rng.integers(2, 5, ns)

        maxL = int(L.max())
        u = rng.random((ns, maxL))
        C = np.empty((ns, maxL), dtype=np.int64)
        C[:, 0] = np.searchsorted(self.start_cum, u[:, 0], side="right")
        for j in range(1, maxL):
            cum = self.trans_cum[C[:, j - 1]]
            C[:, j] = (cum <= u[:, j, None]).sum(1)
        rows = np.arange(ns)
        # sentence ends: no dangling article, adjective, title, first name or "on"
        last = C[rows, L - 1]
        C[rows, L - 1] = np.where(BAD_END[last], N, last)
        q = rows[quote]
        Lq = L[quote]
        C[q, Lq - 1] = SAID
        C[q, Lq - 2] = P2
        c3 = C[q, Lq - 3]
        C[q, Lq - 3] = np.where(BAD_END[c3], N, c3)

        valid = np.arange(maxL)[None, :] < L[:, None]
        Cf = C[valid]
        nt = Cf.size
        pos = np.broadcast_to(np.arange(maxL), C.shape)[valid]
        Lf = np.repeat(L, L)
        qf = np.repeat(quote, L)
        ur = rng.random(nt)
        ids = np.empty(nt, dtype=np.int64)
        for k in range(K):
            m = Cf == k
            cnt = int(m.sum())
            if cnt:
                cum = voc.class_cum[k]
                j = np.minimum(np.searchsorted(cum, ur[m], side="right"), cum.size - 1)
                ids[m] = voc.class_offset[k] + j
        r2 = rng.random(nt)
        nxt = np.empty_like(Cf)
        nxt[:-1] = Cf[1:]
        nxt[-1] = F
        suffix = np.zeros(nt, dtype=np.int64)
        suffix[COMMA_CLASSES[Cf] & (pos < Lf - 3) & (r2 < 0.08)] = 1
        suffix[POSS_CLASSES[Cf] & (nxt == N) & (pos < Lf - 2) & (r2 > 0.88) & (suffix == 0)] = 3
        suffix[qf & (pos == Lf - 3)] = 1
        suffix[pos == Lf - 1] = 2
        cap = pos == 0
        self.sidx = ((cap * 4 + suffix) * voc.V + ids).astype(np.int32)
        tstart = np.zeros(ns + 1, dtype=np.int64)
        np.cumsum(L, out=tstart[1:])
        self.tstart = tstart.tolist()
        psent = np.zeros(P + 1, dtype=np.int64)
        np.cumsum(S, out=psent[1:])
        self.psent = psent.tolist()
        self.quote = quote.tolist()
        self.scare = scare.tolist()
        self.scare_k = scare_k.tolist()
        self.scare_m = scare_m.tolist()
        self.next = 0

    def paragraph(self, style: int) -> list[str]:
        """The next original paragraph as sentences, in house style ``style``."""
        if self.next >= self.batch:
            self._fill()
        i = self.next
        self.next += 1
        s0, s1 = self.psent[i], self.psent[i + 1]
        t0 = self.tstart[s0]
        toks = self.vocab.table(style)[self.sidx[t0 : self.tstart[s1]]].tolist()
        out = []
        for s in range(s0, s1):
            a, b = self.tstart[s] - t0, self.tstart[s + 1] - t0
            if self.quote[s]:
                out.append("“" + " ".join(toks[a : b - 2]) + "” " + toks[b - 2] + " " + toks[b - 1])
            elif self.scare[s]:
                w = toks[a:b]
                k = min(self.scare_k[s], len(w) - 3)
                e = min(k + self.scare_m[s], len(w) - 1) - 1
                w[k] = "“" + w[k]
                w[e] = w[e] + "”"
                out.append(" ".join(w))
            else:
                out.append(" ".join(toks[a:b]))
        if self.phrases is not None:
            return [self.phrases.sentence(s, style) for s in out]
        return out


# Stock phrases: shared by articles that copy nothing from each other. ``a/b`` is an
# American/British spelling, ``a^b`` a dotted/undotted abbreviation; {day}, {org} and
# {place} are filled in when the phrase is used.
STOCK_PHRASES = (
    "said in a statement on {day}",
    "said in a statement",
    "could not be reached for comment",
    "did not immediately respond to a request for comment",
    "declined to comment on the matter",
    "according to a spokesperson for the {org}",
    "a spokesman for the {org} said",
    "told reporters on {day}",
    "told reporters in {place}",
    "in an interview with local media",
    "at a news conference in {place}",
    "it was not immediately clear whether",
    "who spoke on condition of anonymity because they were not authorized/authorised to speak",
    "the acting assistant secretary of state for Europe and Eurasia",
    "the deputy head of the presidential administration",
    "the head of the foreign ministry’s press service",
    "the Ministry of Foreign Affairs said",
    "a member of the U.N.^UN Security Council",
    "human rights groups have long criticized/criticised",
    "local media reported on {day}",
    "for the first time since",
    "in the wake of the",
    "in the run-up to the",
    "on the sidelines of the",
    "earlier this month",
    "later this week",
    "the country’s top diplomat",
    "the prime minister’s office said",
    "more than a dozen",
    "it said in a statement",
)
# Frequent function-word sequences and collocations, most frequent first (drawn with
# Zipf weights): the common 3-grams of news English.
FUNCTION_SEQUENCES = (
    "one of the",
    "as well as",
    "he said",
    "said on {day}",
    "in a statement",
    "the prime minister",
    "according to the",
    "more than",
    "at least",
    "the United States",
    "last week",
    "in order to",
    "the foreign minister",
    "part of the",
    "the end of the",
    "officials said",
    "the government said",
    "some of the",
    "at the same time",
    "for the first time",
    "in the capital",
    "the head of the",
    "is expected to",
    "as a result of",
    "in addition to",
    "a number of",
    "this week",
    "the two countries",
    "in recent years",
    "most of the",
    "she said",
    "due to the",
    "the number of",
    "the European Union",
    "next week",
    "last year",
    "on the other hand",
    "in the past",
    "over the past",
    "the rest of the",
    "will continue to",
    "would not be",
    "has been",
    "there is no",
    "it is not",
    "the interior ministry",
    "the defense/defence ministry",
    "earlier this year",
    "police said",
    "told reporters",
    "the two sides",
    "in the region",
    "at the end of",
    "as part of the",
    "in front of the",
    "as soon as",
    "so far this year",
    "in the north",
    "in the south",
    "on the ground",
    "is due to",
    "are expected to",
    "there was no",
    "a spokesman said",
)


class Phrases:
    """The shared wording of unrelated news articles, put into a writer's own sentences:
    about one frequent function-word sequence a sentence (drawn with Zipf weights) and, in
    30 % of them, a stock phrase (``--phrases realistic`` here; ``wire.py`` always uses
    it unless told ``--phrases plain``). ``a/b`` in a phrase is an American/British
    spelling, ``a^b`` a dotted/undotted abbreviation, chosen by the house style."""

    def __init__(self, vocab: Vocab, rnd: random.Random) -> None:
        self.v = vocab
        self.rnd = rnd
        offs = vocab.class_offset
        self.places = [
            i for i in range(int(offs[PL]), int(offs[PL + 1])) if vocab.entries[i][0] != 3
        ]
        self.orgs = [f.split("^")[0] for f in _words(ORGS)]
        weights = [1.0 / (rank + 3) for rank in range(len(FUNCTION_SEQUENCES))]
        self.common = [float(x) for x in np.cumsum(weights)]

    def fill(self, template: str, style: int, place: Callable[[], int] | None = None) -> list[str]:
        """The words of a phrase in house style ``style``, its slots filled in (a place
        from ``place()`` when given, else any)."""
        rnd = self.rnd
        out = []
        for w in template.split():
            if "/" in w:
                w = w.split("/")[style & 1]
            elif "^" in w:
                w = w.split("^")[(style >> 2) & 1]
            if "{day}" in w:
                w = w.replace("{day}", rnd.choice(_DAYNAMES))
            elif "{org}" in w:
                w = w.replace("{org}", rnd.choice(self.orgs))
            elif "{place}" in w:
                i = place() if place is not None else rnd.choice(self.places)
                w = w.replace("{place}", self.v.surface(i, style))
            out.append(w)
        return out

    def add(
        self,
        toks: list[str],
        fill: Callable[[str], list[str]],
        at_end: Callable[[list[str], list[str]], None],
    ) -> None:
        """Put phrases (their words from ``fill``) into the tokens of one sentence, at
        random places; half the stock phrases go at its end, through ``at_end``."""
        rnd = self.rnd
        for _ in range(3):  # about one a sentence
            if rnd.random() >= 0.55:
                break
            template = rnd.choices(FUNCTION_SEQUENCES, cum_weights=self.common)[0]
            k = rnd.randrange(1, len(toks))
            toks[k:k] = fill(template)
        if rnd.random() < 0.3:
            seq = fill(rnd.choice(STOCK_PHRASES))
            if rnd.random() < 0.5:  # at the end: "..., officials said in a statement on Monday."
                at_end(toks, seq)
            else:
                k = rnd.randrange(1, len(toks))
                toks[k:k] = seq

    def sentence(self, sentence: str, style: int) -> str:
        """A sentence of ``TextSource`` with phrases put in."""
        toks = sentence.split(" ")
        if len(toks) < 2:
            return sentence
        self.add(toks, lambda template: self.fill(template, style), _before_full_stop)
        return " ".join(toks)


def _before_full_stop(toks: list[str], seq: list[str]) -> None:
    """``seq`` at the end of a sentence, before its full stop: ``..., said in a statement.``"""
    if toks[-1].endswith(".") and len(toks[-1]) > 1 and seq:
        toks[-1] = toks[-1][:-1] + ","
        toks.extend(seq)
        toks[-1] += "."
    else:
        toks[-1:-1] = seq


# --------------------------------------------------------------------------- outlets


def make_outlets(k: int, rnd: random.Random) -> list[dict[str, Any]]:
    """``k`` outlets with plausible names, credit-line aliases and house styles."""
    places = _words(OUTLET_PLACES)
    papers = _words(OUTLET_PAPERS)
    rnd.shuffle(places)
    used: set[str] = set()
    outlets: list[dict[str, Any]] = []
    attempts = 0
    while len(outlets) < k:
        attempts += 1
        p = places[len(outlets) % len(places)] if attempts < 4 * k else rnd.choice(places)
        roll = rnd.random()
        aliases: list[str] = []
        if roll < 0.22:
            kind = "agency"
            pat = rnd.choice(["News Agency", "Press Agency", "Telegraph Agency", "Wire Service"])
            name = f"{p} {pat}"
            aliases = ["".join(w[0] for w in name.split())]
            if rnd.random() < 0.4:
                aliases.append(f"{p} {pat.split()[0]}")
        elif roll < 0.32:
            kind = "broadcaster"
            if rnd.random() < 0.5:
                name = f"Radio Free {p}"
                aliases = [f"RF{p[0]}", f"{p} Service"]
            else:
                name = f"{p} Broadcasting Corporation"
                aliases = [f"{p[0]}BC"]
        elif roll < 0.52:
            kind = "site"
            name = f"{p} {rnd.choice(['Today', 'Online', 'Insider', 'Daily', 'Now'])}"
            aliases = [name.replace(" ", "").lower() + rnd.choice([".com", ".net", ".am", ".org"])]
            domain = aliases[0]  # a site is credited by its address: "Azatutyun.am reported"
        else:
            kind = "newspaper"
            paper = rnd.choice(papers)
            name = f"The {p} {paper}" if rnd.random() < 0.5 else f"{p} {paper}"
            if name.startswith("The "):
                aliases = [name[4:]]
        if attempts >= 4 * k:
            name = f"{name} {len(outlets) + 1}"
            aliases = [f"{a} {len(outlets) + 1}" for a in aliases]
        if name in used or any(a in used for a in aliases):
            continue
        used.add(name)
        used.update(aliases)
        slug = re.sub(r"[^a-z0-9]+", "", name.lower().replace("the ", ""))
        if kind != "site":
            domain = slug + rnd.choice([".com", ".com", ".net", ".org", ".am", ".ge"])
        spelling = 1 if rnd.random() < 0.35 else 0
        outlets.append(
            {
                "name": name,
                "aliases": aliases,
                "kind": kind,
                "domain": domain,
                "spelling": "british" if spelling else "american",
                "abbreviations": "US" if rnd.random() < (0.8 if spelling else 0.3) else "U.S.",
                "transliteration": rnd.randrange(2),
                "zone": rnd.choice(ZONES),
                "timed_share": rnd.choice([0.0, 0.0, 0.3, 0.7]),
                "undated_share": 0.15 if rnd.random() < 0.15 else 0.0,
                "weight": round((3.0 if kind == "agency" else 1.0) * rnd.lognormvariate(0, 0.5), 4),
            }
        )
    return outlets


def _style(outlet: dict[str, Any]) -> int:
    return (
        (1 if outlet["spelling"] == "british" else 0)
        | int(outlet["transliteration"]) << 1
        | (1 if outlet["abbreviations"] == "US" else 0) << 2
    )


# --------------------------------------------------------------------------- edits

_WORD_RE = re.compile(r"\w+")
_DAY_RE = re.compile(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_DAYNAMES = _words(DAYS)
_DOTTED = (
    "U.S.",
    "U.K.",
    "U.N.",
    "E.U.",
    "Mr.",
    "Ms.",
    "Dr.",
    "Gen.",
    "Col.",
    "Sen.",
    "Rep.",
    "Lt.",
)
_MONTHS = _words(
    "January February March April May June July August September October November December"
)


class Editor:
    """The edits a republishing outlet makes to a paragraph, with counts of words changed."""

    def __init__(self, vocab: Vocab, rnd: random.Random, rng: np.random.Generator) -> None:
        self.v = vocab
        self.rnd = rnd
        self.rng = rng
        self._swap_buf: list[str] = []
        self._regex_cache: dict[str, re.Pattern[str]] = {}

    def random_word(self) -> str:
        if not self._swap_buf:
            idx = np.searchsorted(self.v.swap_cum, self.rng.random(8192), side="right")
            idx = np.minimum(idx, len(self.v.swap_pool) - 1)
            pool = self.v.swap_pool
            self._swap_buf = [pool[i] for i in idx.tolist()]
        return self._swap_buf.pop()

    def replacement(self, word: str) -> str:
        syn = SYNONYMS.get(word)
        if syn and self.rnd.random() < 0.6:
            return self.rnd.choice(syn)
        for _ in range(4):
            w = self.random_word()
            if w != word:
                return w
        return word + "s"

    def _map_words(
        self, sentences: list[str], mapping: dict[str, str], keys: frozenset[str]
    ) -> int:
        found = keys.intersection(_WORD_RE.findall(" ".join(sentences)))
        if not found:
            return 0
        total = 0
        for word in sorted(found):
            pat = self._regex_cache.get(word)
            if pat is None:
                pat = self._regex_cache[word] = re.compile(r"\b" + re.escape(word) + r"\b")
            dst = mapping[word]
            for i, s in enumerate(sentences):
                if word in s:
                    s2, n = pat.subn(dst, s)
                    if n:
                        sentences[i] = s2
                        total += n
        return total

    def spelling(self, sentences: list[str], target: int) -> int:
        return self._map_words(sentences, self.v.spelling_map[target], self.v.spelling_keys[target])

    def translit(self, sentences: list[str], target: int) -> int:
        return self._map_words(sentences, self.v.translit_map[target], self.v.translit_keys[target])

    def abbrev(self, sentences: list[str], target: int) -> int:
        """U.S. -> US (target 1) or US -> U.S. (target 0), minding sentence-final periods."""
        total = 0
        for i, s in enumerate(sentences):
            orig = s
            for dotted, plain in self.v.abbrev_pairs:
                if target == 1 and dotted in s:
                    total += s.count(dotted)
                    s = s.replace(dotted, plain)
                    if s.endswith(plain):
                        s += "."
                elif target == 0 and plain in s:
                    s, n = re.subn(r"\b" + plain + r"\b", dotted, s)
                    total += n
                    if s.endswith(dotted + "."):
                        s = s[:-1]
            if s != orig:
                sentences[i] = s
        return total

    def day_to_date(self, sentences: list[str], when: dt.date | None, british: bool) -> int:
        """``on Saturday`` -> ``on September 9``: the last such weekday on or before ``when``."""
        if when is None:
            return 0

        def repl(m: re.Match[str]) -> str:
            back = (when.weekday() - _DAYNAMES.index(m.group(1))) % 7
            d = when - dt.timedelta(days=back)
            month = _MONTHS[d.month - 1]
            return f"on {d.day} {month}" if british else f"on {month} {d.day}"

        total = 0
        for i, s in enumerate(sentences):
            if "on " in s:
                s2, n = _DAY_RE.subn(repl, s)
                if n:
                    sentences[i] = s2
                    total += n
        return total

    def paraphrase(self, sentences: list[str], share: float) -> int:
        """Rewrite: each lowercase word replaced with probability ``share``; titles and first
        names before a surname dropped half the time ("President Ilham Aliyev" -> "Aliyev")."""
        rnd = self.rnd
        changed = 0
        for i, s in enumerate(sentences):
            t = s.split(" ")
            out = []
            for j, w in enumerate(t):
                if w.isalpha() and w.islower():
                    if rnd.random() < share:
                        w = self.replacement(w)
                        changed += 1
                elif (
                    0 < j < len(t) - 1
                    and w[:1].isupper()
                    and t[j + 1][:1].isupper()
                    and rnd.random() < 0.5
                ):
                    changed += 1
                    continue
                out.append(w)
            sentences[i] = " ".join(out)
        return changed

    def swap_words(self, sentences: list[str], k: int) -> int:
        """Replace ``k`` distinct lowercase words by others (synonyms where known)."""
        toks = [s.split(" ") for s in sentences]
        rnd = self.rnd
        changed = 0
        lens = [len(t) for t in toks]
        cum = []
        acc = 0
        for n in lens:
            acc += n
            cum.append(acc)
        done: set[tuple[int, int]] = set()
        tries = 0
        while changed < k and tries < 6 * k + 10:
            tries += 1
            g = rnd.randrange(acc)
            i = bisect.bisect_right(cum, g)
            j = g - (cum[i - 1] if i else 0)
            w = toks[i][j]
            if (i, j) in done or not (w.isalpha() and w.islower()):
                continue
            toks[i][j] = self.replacement(w)
            done.add((i, j))
            changed += 1
        for i, t in enumerate(toks):
            sentences[i] = " ".join(t)
        return changed


def _nwords(sentences: list[str]) -> int:
    return sum(s.count(" ") + 1 for s in sentences)


# --------------------------------------------------------------------------- the generator


class _Para:
    """A paragraph of an article being written (or of a pooled article)."""

    __slots__ = (
        "changed",
        "credit",
        "dateline",
        "depth",
        "edits",
        "kind",
        "origin",
        "sentences",
        "span",
        "src",
        "src_art",
        "words",
    )

    def __init__(self, sentences: list[str], kind: str = "original") -> None:
        self.sentences = sentences
        self.kind = kind  # original | copy | paraphrase
        self.dateline: str | None = None
        self.src: _Para | None = None
        self.src_art: _Article | None = None
        self.edits: list[str] = []
        self.changed = 0
        self.words = 0
        self.credit: str | None = None
        self.depth = 0
        self.origin: tuple[str, int, int] | None = None
        self.span = (0, 0)


class _Article:
    __slots__ = ("date", "doc", "outlet", "paras")

    def __init__(self, doc: str, outlet: int, date: dt.date | None, paras: list[_Para]) -> None:
        self.doc = doc
        self.outlet = outlet
        self.date = date
        self.paras = paras


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


class _ShardWriter:
    """Writes articles to corpus-NNNN.jsonl files of at most ``per_shard`` lines, shuffling
    each block of ``block`` articles so the file order does not reveal who came first."""

    def __init__(self, folder: Path, per_shard: int, rnd: random.Random, block: int = 1000) -> None:
        self.folder = folder
        self.per_shard = per_shard
        self.rnd = rnd
        self.block = block
        self.buf: list[str] = []
        self.files: list[str] = []
        self.fh: Any = None
        self.in_shard = 0

    def add(self, line: str) -> None:
        self.buf.append(line)
        if len(self.buf) >= self.block:
            self.flush()

    def flush(self) -> None:
        self.rnd.shuffle(self.buf)
        for line in self.buf:
            if self.fh is None or self.in_shard >= self.per_shard:
                if self.fh is not None:
                    self.fh.close()
                name = f"corpus-{len(self.files):04d}.jsonl"
                self.files.append(name)
                path = self.folder / name
                self.fh = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
                self.in_shard = 0
            self.fh.write(line)
            self.fh.write("\n")
            self.in_shard += 1
        self.buf = []

    def close(self) -> None:
        self.flush()
        if self.fh is not None:
            self.fh.close()


def span_days(paragraphs: int, days: int | None) -> int:
    """The days a corpus covers: ``days``, or paragraphs/3000 kept within 20..400."""
    n_days = days if days is not None else max(20, min(400, math.ceil(paragraphs / 3000)))
    if n_days < 1:
        raise ValueError("days must be positive")
    return n_days


def corpus_folder(out_dir: str | Path) -> tuple[Path, Path]:
    """``out_dir`` and its ``corpus`` folder, created, with the shards of an earlier
    run removed."""
    out = Path(out_dir)
    corpus_dir = out / "corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for old in corpus_dir.glob("corpus-*.jsonl"):
        old.unlink()
    return out, corpus_dir


def generate(
    out_dir: str | Path,
    *,
    paragraphs: int,
    seed: int,
    reuse_share: float = 0.3,
    outlets: int = 50,
    paraphrase_share: float = 0.02,
    days: int | None = None,
    start_date: str = "2023-01-02",
    shard_articles: int = 50_000,
    phrases: bool = False,
) -> dict[str, Any]:
    """Write a corpus of ``paragraphs`` paragraphs and its ground truth to ``out_dir``;
    with ``phrases``, original sentences carry the stock phrases and frequent
    function-word sequences of news writing (:class:`Phrases`).

    Returns the meta dict (also written to ``out_dir/meta.json``).
    """
    if paragraphs < 1:
        raise ValueError("paragraphs must be at least 1")
    if not 0.0 <= reuse_share < 1.0 or not 0.0 <= paraphrase_share < 1.0:
        raise ValueError("reuse_share and paraphrase_share must be in [0, 1)")
    if reuse_share + paraphrase_share >= 0.95:
        raise ValueError("reuse_share + paraphrase_share must stay below 0.95")
    if outlets < 2:
        raise ValueError("outlets must be at least 2 (copies come from other outlets)")
    if shard_articles < 1:
        raise ValueError("shard_articles must be positive")
    n_days = span_days(paragraphs, days)
    day0 = dt.date.fromisoformat(start_date)
    out, corpus_dir = corpus_folder(out_dir)

    ss = np.random.SeedSequence([seed, GENERATOR_VERSION])
    # A sixth stream for the phrases: the first five, and so a corpus without phrases,
    # are those of the generator before it had them.
    s_text, s_edit, s_py, s_out, s_shuf, s_phrases = ss.spawn(6)
    rnd = random.Random(int(s_py.generate_state(1)[0]))
    vocab = Vocab()
    common = Phrases(vocab, random.Random(int(s_phrases.generate_state(1)[0])))
    text = TextSource(vocab, np.random.default_rng(s_text), phrases=common if phrases else None)
    editor = Editor(vocab, rnd, np.random.default_rng(s_edit))
    outlet_list = make_outlets(outlets, random.Random(int(s_out.generate_state(1)[0])))
    styles = [_style(o) for o in outlet_list]
    names = [[o["name"], *o["aliases"]] for o in outlet_list]
    cities = [c.upper() for c in _words(DATELINE_CITIES)]
    w_orig = [o["weight"] for o in outlet_list]
    w_copy = [(0.4 if o["kind"] == "agency" else 1.0) for o in outlet_list]
    cum_orig = list(np.cumsum(w_orig))
    cum_copy = list(np.cumsum(w_copy))

    def pick_outlet(cum: list[float]) -> int:
        return min(bisect.bisect_right(cum, rnd.random() * cum[-1]), len(cum) - 1)

    pool: deque[_Article] = deque(maxlen=3000)
    tau = 150.0

    def pick_source(exclude: set[int]) -> _Article | None:
        for _ in range(10):
            if not pool:
                return None
            back = min(int(rnd.expovariate(1.0 / tau)), len(pool) - 1)
            art = pool[len(pool) - 1 - back]
            if art.outlet in exclude:
                continue
            if not any(p.depth < MAX_DEPTH for p in art.paras):
                continue
            if outlet_list[art.outlet]["kind"] != "agency" and rnd.random() < 0.3:
                continue
            return art
        return None

    def derive_copy(src: _Para, art: _Article, outlet: int) -> _Para:
        sents = list(src.sentences)
        p = _Para(sents, "copy")
        p.src, p.src_art = src, art
        p.depth = src.depth + 1
        p.origin = src.origin
        edits = p.edits
        ns = len(sents)
        if ns >= 2 and rnd.random() < 0.15:
            keep = 1 if rnd.random() < 0.5 else 2
            keep = min(keep, ns - 1)
            while keep < ns - 1 and _nwords(sents[:keep]) < 12:
                keep += 1
            del sents[keep:]
            edits.append("trim")
        elif ns >= 3 and rnd.random() < 0.14:
            del sents[rnd.randrange(1, ns)]
            edits.append("sentence_drop")
        sty, src_sty = styles[outlet], styles[art.outlet]
        cap = max(1, int(0.15 * _nwords(sents)))  # style edits never change more than 15 %
        changed = 0

        def attempt(kind: str, fn: Any, *args: Any) -> None:
            nonlocal changed
            trial = list(sents)
            n = fn(trial, *args)
            if n and changed + n <= cap:
                sents[:] = trial
                changed += n
                edits.append(kind)

        if (sty ^ src_sty) & 4 and rnd.random() < 0.75:
            attempt("abbreviation", editor.abbrev, (sty >> 2) & 1)
        if (sty ^ src_sty) & 1 and rnd.random() < 0.75:
            attempt("spelling", editor.spelling, sty & 1)
        if (sty ^ src_sty) & 2 and rnd.random() < 0.75:
            attempt("transliteration", editor.translit, (sty >> 1) & 1)
        if rnd.random() < 0.4:
            attempt("day_to_date", editor.day_to_date, art.date, bool(sty & 1))
        if "trim" not in edits and rnd.random() < 0.10:
            extra = text.paragraph(styles[outlet])
            sents.insert(rnd.randrange(1, len(sents) + 1), rnd.choice(extra))
            edits.append("sentence_insert")
        if len(sents) >= 2 and rnd.random() < 0.10:
            i, j = rnd.sample(range(len(sents)), 2)
            sents[i], sents[j] = sents[j], sents[i]
            edits.append("sentence_reorder")
        words = _nwords(sents)
        target = min(max(1, int(0.15 * words)), math.ceil(rnd.uniform(0.01, 0.15) * words))
        if target > changed:
            n = editor.swap_words(sents, target - changed)
            if n:
                changed += n
                edits.append("word_swap")
        p.changed, p.words = changed, words
        return p

    def derive_paraphrase(src: _Para, art: _Article) -> _Para:
        sents = list(src.sentences)
        p = _Para(sents, "paraphrase")
        p.src, p.src_art = src, art
        p.edits.append("paraphrase")
        if len(sents) >= 2 and rnd.random() < 0.7:
            rnd.shuffle(sents)
            if sents != list(src.sentences):
                p.edits.append("sentence_reorder")
        p.changed = editor.paraphrase(sents, rnd.uniform(0.65, 0.9))
        p.words = _nwords(sents)
        return p

    with open(out / "truth.jsonl", "w", encoding="utf-8", newline="\n") as truth_fh:
        writer = _ShardWriter(
            corpus_dir, shard_articles, random.Random(int(s_shuf.generate_state(1)[0]))
        )

        total = copies = paraphrases = n_articles = undated = timed = credited = 0
        words_total = 0
        edit_counts: dict[str, int] = {}
        depth_hist: dict[int, int] = {}
        first_date: dt.date | None = None
        last_date: dt.date | None = None
        while total < paragraphs:
            remaining = paragraphs - total
            n = rnd.randint(MIN_PARAS, MAX_PARAS)
            if remaining <= MAX_PARAS:
                n = remaining
            elif remaining - n < MIN_PARAS:
                n = remaining - MIN_PARAS
            pos = total / paragraphs * n_days
            day = int(pos)
            frac = pos - day
            date = day0 + dt.timedelta(days=day)

            deficit = reuse_share * (total + n) - copies
            p_republish = 0.0 if deficit <= 0 else 0.6 if deficit < MAX_PARAS else 1.0
            republish = bool(pool) and rnd.random() < p_republish
            slots: list[_Para] = []
            outlet = pick_outlet(cum_copy if republish else cum_orig)
            primary: _Article | None = None
            if republish:
                primary = pick_source({outlet})
            if primary is not None:
                elig = [p for p in primary.paras if p.depth < MAX_DEPTH]
                lo = n if deficit >= 2 * MAX_PARAS else max(1, n // 2)
                c = min(rnd.randint(lo, n), len(elig))
                start = 0 if rnd.random() < 0.7 else rnd.randrange(len(elig) - c + 1)
                run = [derive_copy(p, primary, outlet) for p in elig[start : start + c]]
                if len(run) >= 2 and rnd.random() < 0.2:
                    i, j = rnd.sample(range(len(run)), 2)
                    run[i], run[j] = run[j], run[i]
                    run[i].edits.append("paragraph_reorder")
                    run[j].edits.append("paragraph_reorder")
                left = n - c
                second: list[_Para] = []
                if left >= 2 and rnd.random() < (0.8 if deficit - c >= MAX_PARAS else 0.15):
                    art2 = pick_source({outlet, primary.outlet})
                    if art2 is not None:
                        elig2 = [p for p in art2.paras if p.depth < MAX_DEPTH]
                        c2 = min(rnd.randint(1, min(left, 6)), len(elig2))
                        second = [derive_copy(p, art2, outlet) for p in elig2[:c2]]
                        left -= c2
                originals = [_Para(text.paragraph(styles[outlet])) for _ in range(left)]
                if originals and rnd.random() < 0.15:
                    slots.append(originals.pop())
                slots.extend(run)
                if second:
                    if originals and rnd.random() < 0.5:
                        slots.append(originals.pop())
                    slots.extend(second)
                for extra_para in originals:
                    if rnd.random() < 0.2 and len(slots) > 1:
                        slots.insert(rnd.randrange(1, len(slots)), extra_para)
                    else:
                        slots.append(extra_para)
            else:
                slots = [_Para(text.paragraph(styles[outlet])) for _ in range(n)]

            # a heavy paraphrase of another outlet's paragraph, in place of an original one
            if paraphrase_share * (total + n) - paraphrases > 0 and pool and rnd.random() < 0.5:
                spots = [i for i, p in enumerate(slots) if p.kind == "original"]
                art = pick_source({outlet}) if spots else None
                if art is not None:
                    src = rnd.choice(art.paras)
                    slots[rnd.choice(spots)] = derive_paraphrase(src, art)

            # datelines: a copy's inherited dateline survives only at the top of the article
            for i, p in enumerate(slots):
                if p.kind == "copy" and p.src is not None and p.src.dateline:
                    if i == 0:
                        p.dateline = p.src.dateline
                    else:
                        p.edits.append("dateline_strip")
            if primary is not None and rnd.random() < 0.5:
                src_names = names[primary.outlet]
                first = slots[0]
                name = (
                    rnd.choice(src_names[1:])
                    if len(src_names) > 1 and rnd.random() < 0.7
                    else src_names[0]
                )
                if first.src_art is primary and first.dateline is None and rnd.random() < 0.6:
                    first.dateline = f"{rnd.choice(cities)} ({name}) — "
                    first.edits.append("credit_dateline")
                    first.credit = name
                else:
                    target = next(p for p in slots if p.src_art is primary)
                    s = target.sentences
                    if rnd.random() < 0.5:
                        last = s[-1]
                        if last.endswith(".") and not last.endswith(_DOTTED):
                            last = last[:-1]
                        s[-1] = f"{last}, according to {name}."
                    else:
                        w0, _, rest = s[0].partition(" ")
                        if w0.lower() in vocab.lower_words:
                            w0 = w0.lower()
                        s[0] = f"According to {name}, {w0} {rest}".rstrip()
                    target.edits.append("credit_according")
                    target.credit = name
                credited += 1

            # the article: text, offsets, record
            n_articles += 1
            o = outlet_list[outlet]
            h = hashlib.blake2b(f"{seed}:{n_articles}".encode(), digest_size=8).hexdigest()
            slug_o = o["domain"].split(".")[0]
            doc = f"{slug_o}-{h}"
            pieces = []
            offset = 0
            for p in slots:
                body = (p.dateline or "") + " ".join(p.sentences)
                p.span = (offset, offset + len(body))
                offset += len(body) + 2
                pieces.append(body)
                if p.kind == "original" or p.kind == "paraphrase":
                    p.origin = (doc, *p.span)
            text_str = "\n\n".join(pieces)
            words_total += sum(b.count(" ") + 1 for b in pieces)
            r = rnd.random()
            if r < o["undated_share"] or r < 0.02:
                date_iso = None
                art_date = None
                undated += 1
            else:
                art_date = date
                if rnd.random() < o["timed_share"]:
                    utc = dt.datetime.combine(date, dt.time(6)) + dt.timedelta(
                        seconds=int(frac * 13 * 3600)
                    )
                    sign = 1 if o["zone"][0] == "+" else -1
                    off = (
                        dt.timedelta(hours=int(o["zone"][1:3]), minutes=int(o["zone"][4:6])) * sign
                    )
                    local = (utc + off).replace(tzinfo=dt.timezone(off))
                    date_iso = local.isoformat(timespec="seconds")
                    timed += 1
                else:
                    date_iso = date.isoformat()
                first_date = first_date or date
                last_date = date
            first_sentence = re.sub(r"[^\w\s’-]", "", slots[0].sentences[0]).split()
            title = " ".join(w[:1].upper() + w[1:] for w in first_sentence[: rnd.randint(6, 10)])
            slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] + "-" + h[:6]
            url = (
                f"https://www.{o['domain']}/{date.year}/{date.month:02d}/{date.day:02d}/{slug}"
                if art_date
                else f"https://www.{o['domain']}/news/{slug}"
            )
            writer.add(
                _json(
                    {
                        "id": doc,
                        "series": o["name"],
                        "date": date_iso,
                        "text": text_str,
                        "url": url,
                        "title": title,
                    }
                )
            )
            article = _Article(doc, outlet, art_date, slots)
            for p in slots:
                if p.kind == "original":
                    continue
                assert p.src is not None and p.src_art is not None
                rec = {
                    "doc": doc,
                    "start": p.span[0],
                    "end": p.span[1],
                    "source_doc": p.src_art.doc,
                    "source_start": p.src.span[0],
                    "source_end": p.src.span[1],
                    "kind": p.kind,
                    "edits": p.edits,
                    "edit_rate": round(p.changed / max(p.words, 1), 4),
                    "depth": p.depth if p.kind == "copy" else None,
                    "origin_doc": p.origin[0] if p.kind == "copy" and p.origin else None,
                    "origin_start": p.origin[1] if p.kind == "copy" and p.origin else None,
                    "origin_end": p.origin[2] if p.kind == "copy" and p.origin else None,
                    "series": o["name"],
                    "source_series": outlet_list[p.src_art.outlet]["name"],
                    "credit": p.credit,
                }
                truth_fh.write(_json(rec))
                truth_fh.write("\n")
                for e in p.edits:
                    edit_counts[e] = edit_counts.get(e, 0) + 1
                if p.kind == "copy":
                    copies += 1
                    depth_hist[p.depth] = depth_hist.get(p.depth, 0) + 1
                else:
                    paraphrases += 1
                p.src = None  # the pool keeps only what later copies need
                p.src_art = None
            pool.append(article)
            total += n
        writer.close()

    (out / "outlets.json").write_text(
        json.dumps(
            [{k: v for k, v in o.items() if k != "weight"} for o in outlet_list],
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    meta: dict[str, Any] = {
        "generator": "benchmarks/generate.py",
        "version": GENERATOR_VERSION,
        "seed": seed,
        "parameters": {
            "paragraphs": paragraphs,
            "seed": seed,
            "reuse_share": reuse_share,
            "outlets": outlets,
            "paraphrase_share": paraphrase_share,
            "days": n_days,
            "start_date": start_date,
            "shard_articles": shard_articles,
            "max_depth": MAX_DEPTH,
            # only when on: a corpus without phrases is byte for byte what it was
            **({"phrases": "realistic"} if phrases else {}),
        },
        "counts": {
            "articles": n_articles,
            "paragraphs": total,
            "original_paragraphs": total - copies - paraphrases,
            "copies": copies,
            "paraphrases": paraphrases,
            "reuse_share": round(copies / total, 4),
            "words": words_total,
            "undated_articles": undated,
            "timed_articles": timed,
            "credited_articles": credited,
            "depth": {str(k): depth_hist[k] for k in sorted(depth_hist)},
            "edits": {k: edit_counts[k] for k in sorted(edit_counts)},
            "vocabulary_entries": vocab.V,
        },
        "dates": {
            "first": first_date.isoformat() if first_date else None,
            "last": last_date.isoformat() if last_date else None,
        },
        "files": {
            "corpus": [f"corpus/{f}" for f in writer.files],
            "truth": "truth.jsonl",
            "outlets": "outlets.json",
        },
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="generate.py",
        description="Generate a seeded synthetic news corpus with known paragraph reuse "
        "(passim JSON Lines + ground truth). See benchmarks/README.md.",
    )
    ap.add_argument("--paragraphs", type=int, required=True, help="paragraphs in the corpus")
    ap.add_argument("--seed", type=int, required=True, help="random seed (same seed, same bytes)")
    ap.add_argument("--out", required=True, help="output folder (created; its files replaced)")
    ap.add_argument(
        "--reuse-share",
        type=float,
        default=0.3,
        help="share of paragraphs that are copies of another outlet's (default 0.3)",
    )
    ap.add_argument("--outlets", type=int, default=50, help="number of outlets (default 50)")
    ap.add_argument(
        "--paraphrase-share",
        type=float,
        default=0.02,
        help="share of paragraphs that are heavy paraphrases, the negative control (default 0.02)",
    )
    ap.add_argument(
        "--days",
        type=int,
        default=None,
        help="days the corpus spans (default: paragraphs/3000, within 20..400)",
    )
    ap.add_argument("--start-date", default="2023-01-02", help="first day (default 2023-01-02)")
    ap.add_argument(
        "--shard-articles",
        type=int,
        default=50_000,
        help="articles per corpus-NNNN.jsonl file (default 50000)",
    )
    ap.add_argument(
        "--phrases",
        choices=("plain", "realistic"),
        default="plain",
        help="realistic: original sentences carry the stock phrases and frequent "
        "function-word sequences of news writing, shared by unrelated articles "
        "(default plain: none)",
    )
    args = ap.parse_args(argv)
    try:
        meta = generate(
            args.out,
            paragraphs=args.paragraphs,
            seed=args.seed,
            reuse_share=args.reuse_share,
            outlets=args.outlets,
            paraphrase_share=args.paraphrase_share,
            days=args.days,
            start_date=args.start_date,
            shard_articles=args.shard_articles,
            phrases=args.phrases == "realistic",
        )
    except ValueError as err:
        ap.error(str(err))
    c = meta["counts"]
    print(
        f"{args.out}: {c['articles']} articles, {c['paragraphs']} paragraphs "
        f"({c['copies']} copies, {c['paraphrases']} paraphrases), {c['words']} words, "
        f"{len(meta['files']['corpus'])} shard(s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
