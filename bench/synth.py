"""A deterministic synthetic corpus in the seed format, for benchmarking the generator.

`synthesise(n, folder, seed=...)` writes `n` seed files of about 800 words each. Every name is
invented: a fixed world of a few hundred people (with role titles; later mentions use the
surname alone), organisations (some with acronyms) and places, drawn with a Zipf-like frequency,
so a few recur in thousands of articles and most in a handful. Articles belong to storylines
(a topic, a cast and a few weeks of dates), so entity linking and related-article ranking have
real work to do. Each seed carries what real seeds carry: a `# Title`, a date line (in a few
formats), a caption with a `**bold credit**`, `[text](#)` dead links, one paragraph broken
mid-sentence, `**Related article:** [Title](#)` lines naming other synthetic articles (and
sometimes an article not in the corpus), an agency credit and the `Original url:` footer.

Same `n` and `seed` give byte-identical files. Run `python bench/synth.py N OUT` to write a corpus.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import itertools
import random
import string
from dataclasses import dataclass, field
from pathlib import Path

VERSION = 1  # bump when the output changes, so cached corpora are rebuilt
DEFAULT_SEED = 20251125
WORDS_PER_ARTICLE = 800
FIRST_DAY = dt.date(2014, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)

_ONSETS = "b br d dr g gr k kr l m n p pr r s st t tr v z zh sh ch h f j".split()  # noqa: SIM905
_VOWELS = "a e i o u a e o ai ei ou ia".split()  # noqa: SIM905
_CODAS = "n r l s k v m d t sk rn nd".split()  # noqa: SIM905
_SURNAME_ENDINGS = "ov enko ak ic ard elli as ton berg escu ani ez ova in ek".split()  # noqa: SIM905
_PLACE_ENDINGS = "ovo grad ia burg ava mir sk ane heim polis ora".split()  # noqa: SIM905

COUNTRY_ROLES = [
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Finance Minister",
    "Energy Minister",
    "Interior Minister",
    "Justice Minister",
]
OTHER_ROLES = [
    "envoy",
    "spokesperson",
    "opposition leader",
    "central bank governor",
    "mayor",
    "general",
    "governor",
    "negotiator",
    "human rights commissioner",
    "chief executive",
]
ORG_PATTERNS = [
    ("{country} Ministry of Defence", None),
    ("{country} Foreign Ministry", None),
    ("{country} Security Service", "{c}SS"),
    ("{country} Central Bank", None),
    ("{word} Energy Company", None),
    ("{word} Grain Council", "{w}GC"),
    ("{word} Institute for Strategic Studies", "{w}ISS"),
    ("{word} Human Rights Group", None),
    ("{word} News Agency", None),
    ("{word} Union of Industrialists", None),
    ("{word} Railways", None),
    ("{word} Party", None),
]
AGENCIES = ["Meridian Press", "Northlight Wire", "Calder News Agency", "Orbis Photo", "Harbour Images"]
SOURCES = [
    ("https://www.themoscowtimes.com", 5),
    ("https://www.reuters.com", 2),
    ("https://northern-courier.example.org", 2),
    ("https://www.kyivindependent.com", 1),
]
TOPICS = {
    "talks": (
        "peace talks",
        "ceasefire",
        "delegation",
        "memorandum",
        "negotiations",
        "round of talks",
        "security guarantees",
        "mediators",
    ),
    "prisoners": (
        "prisoner exchange",
        "prisoners of war",
        "detainees",
        "swap",
        "humanitarian corridor",
        "bodies of soldiers",
        "families",
        "lists of names",
    ),
    "drones": (
        "drone attack",
        "air defence",
        "missiles",
        "airfield",
        "strategic bombers",
        "overnight strikes",
        "interceptors",
        "damage",
    ),
    "sanctions": (
        "sanctions package",
        "frozen assets",
        "export controls",
        "oil price cap",
        "banks",
        "tariffs",
        "shadow fleet",
        "restrictions",
    ),
    "energy": (
        "gas pipeline",
        "power grid",
        "blackouts",
        "nuclear plant",
        "fuel prices",
        "transit contract",
        "winter supplies",
        "refinery",
    ),
    "elections": (
        "election campaign",
        "ballots",
        "turnout",
        "opposition candidates",
        "polling stations",
        "observers",
        "recount",
        "coalition",
    ),
    "courts": (
        "trial",
        "verdict",
        "appeal",
        "prosecutors",
        "defence lawyers",
        "sentence",
        "treason charges",
        "hearing",
    ),
    "economy": (
        "inflation",
        "interest rate",
        "budget deficit",
        "currency",
        "grain exports",
        "growth forecast",
        "wages",
        "bond market",
    ),
}
VERBS = ["said", "told reporters", "wrote on social media", "said in a statement", "told a news conference"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER = (
    "officials",
    "the government",
    "diplomats",
    "residents",
    "analysts",
    "lawmakers",
    "the military",
    "investigators",
    "regional authorities",
    "several ministers",
    "business leaders",
    "local media",
)
# Sentence templates: {P} a person, {O} an organisation, {L} a place, {T} a topic phrase,
# {F} a filler subject, {V} a verb of saying, {D} a weekday, {N} a number. Each starts upper-case.
SENTENCES = [
    "{P} {V} on {D} that the {T} would continue despite objections from {O}.",
    "The meeting in {L} lasted a little over {N} hours, according to {O}.",
    "{P} said the {T} had been discussed with {P} during a call on {D}.",
    "{F} in {L} said they had not been told about the {T} in advance.",
    "According to {O}, at least {N} people were affected by the {T} near {L}.",
    "{P}, who has been critical of the {T}, {V} that {L} would not accept the terms.",
    "The {T} followed weeks of pressure from {O} and from {F} in {L}.",
    "In {L}, {F} described the {T} as the most serious since the start of the year.",
    "{P} {V} that {O} was ready to send a delegation to {L} within {N} days.",
    "Neither {O} nor {O} responded to a request for comment on {D}.",
    "Talks on the {T} are expected to resume in {L} next month, {F} said.",
    "The {T} was first proposed by {P} in a speech in {L} last year.",
    "{F} close to {P} said the {T} was unlikely before the end of the month.",
    "{O} said it had recorded {N} cases linked to the {T} since {D}.",
    "A statement from {O} said the {T} and the {T} were now the priorities.",
    "{P} arrived in {L} on {D} for meetings with {P} and representatives of {O}.",
    "The figures could not be independently verified, and {O} declined to comment.",
    "Critics, including {P}, say the {T} does little for people in {L}.",
    "Earlier this week {F} in {L} warned that the {T} could take months.",
    "{P} thanked {O} for its help with the {T} and promised further steps.",
    "{F} said a second round of {T} talks could be held in {L} if both sides agreed.",
    "Asked about the {T}, {P} said that it was too early to draw conclusions.",
]
PHOTO_SCENES = [
    "Delegations at the talks in {L}.",
    "A street in {L} after the overnight strikes.",
    "{P} speaks to reporters in {L}.",
    "Officials arrive for the meeting in {L}.",
    "Residents queue outside a polling station in {L}.",
]
TITLE_TEMPLATES = [
    "{S} Says {T} Will Go Ahead in {L}",
    "{O} Warns of New {T} as Talks Stall",
    "{S} and {S} Meet in {L} to Discuss {T}",
    "{L} Braces for {T} After {S} Visit",
    "{S} Rejects {O} Proposal on {T}",
    "New {T} Agreed in {L}",
    "{O} Announces {T} Review",
    "What the {T} Means for {L}",
]


def _zipf_cumulative(count: int, exponent: float = 1.05) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += 1.0 / rank**exponent
        cumulative.append(total)
    return cumulative


@dataclass(slots=True)
class Person:
    first: str
    surname: str
    role: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.surname}"


@dataclass(slots=True)
class World:
    """The invented people, organisations and places, each list in Zipf rank order."""

    people: list[Person]
    organisations: list[tuple[str, str | None]]  # name, acronym
    places: list[str]
    countries: list[str]
    _weights: dict[str, list[float]] = field(default_factory=dict)

    def pick(self, rng: random.Random, kind: str, count: int = 1) -> list[int]:
        """`count` distinct indices into the list `kind`, Zipf-weighted (rank 1 most frequent)."""
        pool = {"people": self.people, "organisations": self.organisations, "places": self.places}[kind]
        weights = self._weights.setdefault(kind, _zipf_cumulative(len(pool)))
        chosen: list[int] = []
        while len(chosen) < min(count, len(pool)):
            index = bisect.bisect_left(weights, rng.random() * weights[-1])
            if index not in chosen:
                chosen.append(index)
        return chosen


def _word(rng: random.Random, syllables: tuple[int, int] = (2, 3)) -> str:
    parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(rng.randint(*syllables))]
    if rng.random() < 0.5:
        parts.append(rng.choice(_CODAS))
    return "".join(parts).capitalize()


def _unique(make, count: int) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        value = make()
        if value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def build_world(rng: random.Random, people: int = 320, organisations: int = 130, places: int = 150) -> World:
    countries = _unique(lambda: _word(rng, (1, 2)) + rng.choice(["ia", "ava", "stan", "ora", "land"]), 14)
    cities = _unique(lambda: _word(rng, (1, 2)) + rng.choice(_PLACE_ENDINGS), places - len(countries))
    place_names = [name for pair in itertools.zip_longest(countries, cities) for name in pair if name]
    surnames = _unique(lambda: _word(rng, (1, 2)) + rng.choice(_SURNAME_ENDINGS), people)
    firsts = _unique(lambda: _word(rng, (1, 2)), 90)
    persons = []
    for surname in surnames:
        if rng.random() < 0.5:
            role = f"{rng.choice(countries)}'s {rng.choice(COUNTRY_ROLES)}"
        else:
            role = rng.choice(OTHER_ROLES)
        persons.append(Person(rng.choice(firsts), surname, role))
    orgs: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    while len(orgs) < organisations:
        pattern, acronym = rng.choice(ORG_PATTERNS)
        country, word = rng.choice(countries), _word(rng, (1, 2))
        name = pattern.format(country=country, word=word)
        if name in seen:
            continue
        seen.add(name)
        short = acronym.format(c=country[0], w=word[0]) if acronym else None
        orgs.append((name, short))
    return World(persons, orgs, place_names, countries)


@dataclass(slots=True)
class Storyline:
    topic: str
    start: dt.date
    days: int
    people: list[int]
    organisations: list[int]
    places: list[int]
    titles: list[str] = field(default_factory=list)


class _Mentions:
    """Turns entity slots into text: a person's first mention carries role and full name, later ones the surname."""

    def __init__(self, world: World, rng: random.Random, story: Storyline) -> None:
        self.world, self.rng, self.story = world, rng, story
        self.people = story.people + world.pick(rng, "people", rng.randint(1, 3))
        self.organisations = story.organisations + world.pick(rng, "organisations", rng.randint(1, 2))
        self.places = story.places + world.pick(rng, "places", rng.randint(1, 2))
        self.named_people: set[int] = set()
        self.named_orgs: set[int] = set()

    def person(self) -> str:
        index = self._choose(self.people)
        person = self.world.people[index]
        if index in self.named_people:
            return person.surname
        self.named_people.add(index)
        role = person.role
        if "'s " in role:
            return f"{role} {person.name}"
        return f"{person.name}, the {role},"

    def organisation(self) -> str:
        index = self._choose(self.organisations)
        name, acronym = self.world.organisations[index]
        if index in self.named_orgs and acronym and self.rng.random() < 0.6:
            return f"the {acronym}"
        first = index not in self.named_orgs
        self.named_orgs.add(index)
        if first and acronym:
            return f"the {name} ({acronym})"
        return f"the {name}"

    def place(self) -> str:
        return self.world.places[self._choose(self.places)]

    def _choose(self, indices: list[int]) -> int:
        # The storyline's own cast (listed first) is named most often.
        return indices[min(int(self.rng.expovariate(0.7)), len(indices) - 1)]


def _fill(template: str, rng: random.Random, mentions: _Mentions, topic: str) -> str:
    out: list[str] = []
    for literal, slot, _, _ in string.Formatter().parse(template):
        out.append(literal)
        if slot is None:
            continue
        value = {
            "P": mentions.person,
            "O": mentions.organisation,
            "L": mentions.place,
            "T": lambda: rng.choice(TOPICS[topic]),
            "F": lambda: rng.choice(FILLER),
            "V": lambda: rng.choice(VERBS),
            "D": lambda: rng.choice(DAYS),
            "N": lambda: str(rng.randint(2, 60)),
        }[slot]()
        out.append(value)
    text = "".join(out).replace(",, ", ", ").replace(",.", ".").replace(" the the ", " the ")
    text = text.replace(", the ", ", the ", 1)
    return text[0].upper() + text[1:]


def _dead_links(sentence: str, rng: random.Random) -> str:
    """Wrap a short run of lower-case words in a `[...](#)` link whose target the scraper lost."""
    words = sentence.split(" ")
    candidates = [i for i in range(1, len(words) - 2) if words[i].isalpha() and words[i].islower()]
    if not candidates:
        return sentence
    i = j = rng.choice(candidates)
    for _ in range(rng.randint(0, 2)):
        if j + 1 < len(words) - 1 and words[j + 1].isalpha() and words[j + 1].islower():
            j += 1
    words[i] = "[" + words[i]
    words[j] = words[j] + "](#)"
    return " ".join(words)


def _date_line(day: dt.date, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.8:
        return f"{day:%B %d, %Y}"
    if roll < 0.9:
        return f"{day.day} {day:%B %Y}"
    return day.isoformat()


def _slugish(title: str) -> str:
    return "-".join("".join(c for c in word.lower() if c.isalnum()) for word in title.split()).strip("-")


def _title(rng: random.Random, world: World, story: Storyline) -> str:
    template = rng.choice(TITLE_TEMPLATES)
    topic = rng.choice(TOPICS[story.topic]).title()
    surnames = iter(world.people[i].surname for i in rng.sample(story.people, len(story.people)))
    org = world.organisations[rng.choice(story.organisations)][0]
    return (
        template.replace("{S}", next(surnames), 1)
        .replace("{S}", next(surnames, "Allies"), 1)
        .replace("{O}", org)
        .replace("{L}", world.places[rng.choice(story.places)])
        .replace("{T}", topic)
    )


def _article(index: int, rng: random.Random, world: World, story: Storyline, all_titles: list[str]) -> str:
    day = story.start + dt.timedelta(days=rng.randrange(story.days))
    mentions = _Mentions(world, rng, story)
    title = _title(rng, world, story)

    sentences: list[str] = []
    words = 0
    target = rng.randint(WORDS_PER_ARTICLE - 150, WORDS_PER_ARTICLE + 150)
    while words < target:
        sentence = _fill(rng.choice(SENTENCES), rng, mentions, story.topic)
        if rng.random() < 0.08:
            sentence = _dead_links(sentence, rng)
        sentences.append(sentence)
        words += sentence.count(" ") + 1
    paragraphs: list[str] = []
    position = 0
    while position < len(sentences):
        size = rng.randint(2, 5)
        paragraphs.append(" ".join(sentences[position : position + size]))
        position += size

    # One paragraph broken mid-sentence, as the scraper does: the rest starts a new block in lower case.
    for attempt in range(len(paragraphs)):
        k = (index + attempt) % len(paragraphs)
        words_k = paragraphs[k].split(" ")
        cut = next((i for i in range(len(words_k) // 2, len(words_k) - 1) if words_k[i].isalpha() and
                    words_k[i].islower() and words_k[i - 1].isalpha()), None)  # fmt: skip
        if cut:
            paragraphs[k : k + 1] = [" ".join(words_k[:cut]), " ".join(words_k[cut:])]
            break

    related = [t for t in story.titles[-4:] if t != title][-rng.randint(0, 2) :] if story.titles else []
    if rng.random() < 0.15 and all_titles:
        related.append(rng.choice(all_titles))  # a title from another storyline
    if rng.random() < 0.1:
        related.append(f"{world.places[rng.randrange(len(world.places))]} Looks Back on a Difficult Year")
    for position, related_title in zip(rng.sample(range(2, len(paragraphs) + 1), len(related)), related, strict=False):
        paragraphs.insert(position, f"**Related article:** [{related_title}](#)")

    agency = rng.choice(AGENCIES)
    photographer = f"{rng.choice(world.people).first} {_word(rng, (1, 2))}"
    caption = _fill(rng.choice(PHOTO_SCENES), rng, _Mentions(world, rng, story), story.topic)
    source = rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES])[0]
    url = f"{source}/{day:%Y/%m/%d}/{_slugish(title)[:70].strip('-')}-a{index:05d}"

    lines = [f"# {title}", "", _date_line(day, rng), "", "", "", f"{caption} **{photographer} / {agency}**", ""]
    for paragraph in paragraphs:
        lines += [paragraph, ""]
    if rng.random() < 0.5:
        lines += [f"*{agency} contributed reporting.*", ""]
    lines += ["Original url:", "", f"<{url}>", ""]
    story.titles.append(title)
    all_titles.append(title)
    return "\n".join(lines)


def synthesise(n: int, folder: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write `n` seed files into `folder` (created if needed); the same n and seed give the same bytes."""
    rng = random.Random(seed)
    world = build_world(rng)
    span = (LAST_DAY - FIRST_DAY).days
    storylines: list[Storyline] = []
    for _ in range(max(4, n // 12)):
        storylines.append(
            Storyline(
                topic=rng.choice(sorted(TOPICS)),
                start=FIRST_DAY + dt.timedelta(days=rng.randrange(span - 60)),
                days=rng.randint(5, 60),
                people=world.pick(rng, "people", rng.randint(2, 3)),
                organisations=world.pick(rng, "organisations", rng.randint(1, 2)),
                places=world.pick(rng, "places", rng.randint(1, 2)),
            )
        )
    story_weights = _zipf_cumulative(len(storylines), 0.6)
    folder.mkdir(parents=True, exist_ok=True)
    all_titles: list[str] = []
    paths = []
    for index in range(n):
        story = storylines[bisect.bisect_left(story_weights, rng.random() * story_weights[-1])]
        text = _article(index, rng, world, story, all_titles)
        path = folder / f"{index:05d}_{rng.getrandbits(64):016x}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="folder to write the seeds into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    synthesise(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
