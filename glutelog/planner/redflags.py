"""Red flags: warning symptoms a user can record, what each one means, and which are in force.

The table below is domain knowledge meant to be reviewed by a clinician in this one file. Tiers:

- emergency: go to an emergency department now (possible cauda equina syndrome);
- urgent: see a clinician within a day or two;
- routine: book a GP or physiotherapist;
- exercise: tingling or shooting pain during one exercise sets that exercise aside for a while;
- watch: tingling, pins and needles or numbness in one leg or foot, common with sciatica: a
  symptom to record and watch (where, how far down, since when), not a pause.

Each sign has ``aliases`` (names to type, listed by `glutelog flag`) and ``phrases``: the ways
people say it, read by ``signwords`` as words in any order, a denial ("no numbness") taken as
no sign. Where the words are unclear (``AMBIGUOUS``), glutelog asks instead of guessing, and a
doubtful phrase errs towards care: a false alarm costs one command, a missed emergency more.

Sources: NHS "Sciatica"; NHS Lothian RefHelp (serious spinal conditions); BMJ Best Practice
(cauda equina syndrome); AHCPR "Acute low back problems in adults" red-flag table; the cauda
equina warning card (Greenhalgh, Mercer and Finucane) for the emergency signs as patients
notice them.

Everything here is pure (no database, no clock): callers pass the stored rows and the day.
"""

from __future__ import annotations

from functools import cache

from glutelog.catalog import normalize
from glutelog.errors import BadInput
from glutelog.rules import rule, shown
from glutelog.stdlib import date, timedelta

TINGLING = "tingling"  # during one exercise
LEG = "leg-tingling"  # in one leg or foot: a symptom to watch
SURGERY = "recent-surgery"

# tier: (what to do, in plain words). Listed from the most to the least pressing.
TIERS = {
    "emergency": "Go to an emergency department now.",
    "urgent": "See a clinician (a GP, doctor or physiotherapist) within "
    f"{shown(rule('urgent_within_days'))} days.",
    "routine": "Book an appointment with a GP or physiotherapist.",
    "exercise": "Stop that exercise and use its easier variant.",
    "watch": "Keep a note of where it reaches and since when; it does not pause the plan.",
}
TIER_ORDER = {tier: order for order, tier in enumerate(TIERS)}
PAUSING = rule("pausing_tiers")  # the tiers that pause the plan until cleared

# Where in one leg a symptom reaches, from the top down; the words people use for each.
PLACES = ("buttock", "thigh", "knee", "calf", "shin", "foot", "toes")
PLACE_WORDS = {
    "buttock": "buttock", "hip": "buttock", "thigh": "thigh", "hamstring": "thigh",
    "hamstrings": "thigh", "knee": "knee", "calf": "calf", "calves": "calf", "shin": "shin",
    "ankle": "foot", "foot": "foot", "feet": "foot", "heel": "foot", "sole": "foot",
    "instep": "foot", "toe": "toes", "toes": "toes",
}  # fmt: skip
SIDES = ("left", "right")

# Each symptom: slug, tier, label (reads after "Flagged:"), aliases (names to type, matched
# whole or by unique prefix), phrases (everyday ways to say it, see signwords), and why it
# matters. Phrases use the word groups of signwords.GROUPS: @numb, @feel, @saddle, @pee, @poo,
# @trouble, @tingle, @weak, @legs (plural or bilateral), @place, @spread.
SYMPTOMS = [
    # --- emergency: signs the nerves at the base of the spine may be squeezed (cauda equina)
    {
        "slug": "saddle-numbness",
        "tier": "emergency",
        "label": "numbness in the saddle area",
        "aliases": ["saddle", "numb saddle", "numb saddle area", "saddle area", "numb groin",
                    "numb bottom", "numb genitals", "numb anus", "numb between the legs"],
        "phrases": [
            "@numb @saddle", "@numb between legs", "@numb between thighs", "@numb inner thighs",
            "@tingle @saddle", "@tingle between legs", "@tingle inner thighs",
            "no|lost|lose|loss|cant|cannot @feel @saddle", "no|lost|lose|loss @feel between legs",
            "cant|cannot|dont feel wipe", "no|lost @feel wipe", "@feel different|odd|strange|weird wipe",
            "@numb wipe", "wipe @feel numb|different|strange|odd|weird|funny",
            "cant|cannot|dont feel toilet paper", "@feel gone @saddle", "@feel nothing @saddle",
            "saddle anaesthesia|anesthesia",
        ],
        "why": "Numbness around the genitals or back passage can mean the nerves at the base of "
        "the spine are being squeezed, which needs treatment within hours.",
    },
    {
        "slug": "bladder",
        "tier": "emergency",
        "label": "new trouble passing or controlling urine",
        "aliases": ["bladder change", "urine", "cant pee", "cannot pee", "cant urinate",
                    "leaking urine", "incontinence", "wetting", "cant control bladder"],
        "phrases": [
            "@trouble @pee", "@pee @trouble", "cant|cannot go @pee|toilet", "cant|cannot|unable|struggle start @pee",
            "cant|cannot stop @pee", "weak stream", "start|stop|starting|stopping flow|stream @pee|toilet",
            "@trouble start|stop|starting|stopping flow|stream",
            "lost|lose|loss|no control @pee", "cant|cannot|dont control @pee",
            "wet myself|self|pants|trousers|knickers|underwear|bed", "wetting myself|bed",
            "incontinent", "incontinence", "urinary retention", "retention", "retaining urine",
            "leak|leaking|leaks|leakage|dribble|dribbling",
            "need|needing|wear|wearing|using pad|pads", "incontinence pad|pads",
            "cant|cannot hold it|on|pee|wee", "cant|cannot|dont feel @pee",
            "cant|cannot|dont feel pass", "@pee full empty", "dont|cant know|tell @pee full",
            "@pee numb", "@pee change|changed|different", "bladder", "urinary",
        ],
        "why": "A new change in how the bladder works, together with back or leg pain, needs "
        "checking the same day.",
    },
    {
        "slug": "bowel",
        "tier": "emergency",
        "label": "loss of bowel control or feeling",
        "aliases": ["bowel change", "bowel control", "cant control bowel", "soiling",
                    "faecal incontinence", "fecal incontinence"],
        "phrases": [
            "lost|lose|loss|no control @poo", "cant|cannot|dont control @poo",
            "cant|cannot hold @poo", "cant|cannot|dont feel @poo", "@poo numb",
            "soil|soiled|soiling|soils", "faecal|fecal incontinence", "bowel incontinence",
            "pooed|pooped|messed|soiled myself|pants", "shat|shit myself", "@poo accident",
            "@poo change|changed|different", "bowel",
        ],
        "why": "Losing control of the bowel, or not feeling it, together with back or leg pain, "
        "needs checking the same day.",
    },
    {
        "slug": "both-legs",
        "tier": "emergency",
        "label": "sciatica in both legs",
        "aliases": ["sciatica both legs", "sciatica in both legs", "pain in both legs",
                    "pain down both legs", "bilateral sciatica"],
        "phrases": [
            "both legs", "both sides", "two legs", "bilateral", "sciatica @legs",
            "pain|ache|aching|shooting|burning down @legs", "sciatic|sciatica pain @legs",
            "@tingle both", "@tingle =legs", "alternating sides|legs", "one leg then other",
        ],
        "why": "Sciatica in both legs at once is a sign the nerves at the base of the spine may "
        "be squeezed.",
    },
    {
        "slug": "weak-both-legs",
        "tier": "emergency",
        "label": "weakness or numbness in both legs",
        "aliases": ["both legs weak", "both legs numb", "weak both legs", "numb both legs",
                    "numbness in both legs", "legs giving way"],
        "phrases": [
            "@weak both legs", "@numb both legs", "bilateral leg|legs @weak|@numb", "@weak @legs", "@numb @legs", "@legs give way",
            "@legs gave|giving way", "@legs buckle|buckling|collapse|collapsing",
            "cant|cannot feel =legs", "both legs dead|jelly", "=legs jelly",
            "cant|cannot stand|walk legs", "@weak both", "@numb both feet", "@numb =feet",
        ],
        "why": "Weakness or numbness in both legs that is severe or getting worse needs to be "
        "seen at once.",
    },
    {
        "slug": "sexual-dysfunction",
        "tier": "emergency",
        "label": "new sexual dysfunction",
        "aliases": ["sexual", "erection", "impotence", "no feeling during sex"],
        "phrases": [
            "erection", "erections", "erectile", "ejaculate|ejaculation|ejaculating", "impotent",
            "cant|cannot get|keep|maintain erection|erections|hard",
            "cant|cannot ejaculate|come|cum",
            "impotence", "@numb sex", "no|lost|less @feel sex", "sex @feel different|numb|odd",
            "cant|cannot orgasm|climax", "sexual", "intercourse @feel|numb",
        ],
        "why": "A new loss of sexual function or feeling, together with back or leg pain, can "
        "be a nerve problem that needs treatment within hours.",
    },
    {
        "slug": "cauda-equina",
        "tier": "emergency",
        "label": "signs of cauda equina syndrome",
        "aliases": ["cauda equina", "cauda equina syndrome", "ces"],
        "phrases": ["caudaequina", "ces"],
        "why": "Cauda equina syndrome is a squeeze on the nerves at the base of the spine; it "
        "needs treatment within hours to protect the bladder, bowel and legs.",
    },
    # --- urgent: a clinician should look within a day or two
    {
        "slug": "leg-weakness",
        "tier": "urgent",
        "label": "new leg weakness or foot drop",
        "aliases": ["foot drop", "dropped foot", "weak leg", "leg weakness", "weak foot",
                    "tripping", "foot slapping"],
        "phrases": [
            "footdrop", "foot catch|catches|catching|snag|snagging", "toe|toes catch|catching",
            "foot slap|slaps|slapping|flop|flopping|drag|dragging", "foot drop|dropping",
            "=tripping", "trip|trips|tripped over|up", "stumble|stumbling|stumbled",
            "leg give|gives|gave|giving way",
            "knee give|gives|gave|giving|buckle|buckles|buckling way",
            "knee|knees buckle|buckles|buckling|buckled|collapse|collapses",
            "@weak leg|foot|ankle|knee|thigh|calf", "leg|foot|ankle|knee @weak",
            "cant|cannot lift foot|toes", "cant|cannot stand|walk on toes|tiptoe|heel|heels",
            "cant|cannot push off",
        ],
        "why": "New weakness in one leg, or a foot that catches or slaps, means a nerve is "
        "struggling.",
    },
    {
        "slug": "spreading-numbness",
        "tier": "urgent",
        "label": "numbness that is spreading",
        "aliases": ["numbness spreading", "spreading"],
        "phrases": [
            "@numb @spread", "@tingle @spread", "@numb getting worse|bigger",
            "@numb further down|up", "more and more @numb",
            "is|its|keeps|keep|been|started spreading|creeping", "spreading|creeping up|down|further",
            "=spreads up|down|further",
        ],
        "why": "Numbness that spreads or grows means a nerve is under more pressure.",
    },
    {
        "slug": "fall",
        "tier": "urgent",
        "label": "pain after a fall or injury",
        "aliases": ["after a fall", "pain after a fall", "fell", "injury", "car accident"],
        "phrases": [
            "fall", "fell", "fallen", "falling", "slip|slipped on", "car|road|bike crash|accident",
            "injured back|spine|hip|tailbone|coccyx", "back|spine|hip|tailbone injury",
            "hit by", "landed on back|bum|hip|tailbone", "knocked over",
        ],
        "why": "Pain that started after a significant fall or accident should be checked for "
        "an injury before exercising on.",
    },
    {
        "slug": "fever",
        "tier": "urgent",
        "label": "fever or chills with the pain",
        "aliases": ["chills", "temperature", "high temperature", "shivers", "night sweats"],
        "phrases": [
            "fever", "feverish", "high|have|had|got|=running temperature", "temperature high",
            "=chills", "=shivers", "=shivering", "nightsweats", "sweats", "burning up", "rigors",
            "hot cold flush|flushes|sweats|shivers",
        ],
        "why": "Fever with back or leg pain can be a sign of infection.",
    },
    {
        "slug": "weight-loss",
        "tier": "urgent",
        "label": "weight loss you cannot explain",
        "aliases": ["unexplained weight loss", "losing weight"],
        "phrases": [
            "lost|losing|lose|loss weight", "weight drop|dropping|dropped|loss|falling",
            "losing|lost kilos|pounds|stone", "clothes loose|baggy",
        ],
        "why": "Losing weight without trying, together with back or leg pain, needs to be "
        "looked into.",
    },
    {
        "slug": "cancer",
        "tier": "urgent",
        "label": "a history of cancer",
        "aliases": ["cancer history", "history of cancer", "had cancer", "tumour", "tumor"],
        "phrases": [
            "cancer", "tumour", "tumor", "chemo", "chemotherapy", "radiotherapy", "radiation",
            "oncology|oncologist", "lymphoma", "leukaemia|leukemia", "myeloma", "metastases",
        ],
        "why": "After cancer, new back or leg pain should be checked before it is treated as "
        "a sore muscle.",
    },
    {
        "slug": "night-pain",
        "tier": "urgent",
        "label": "severe pain at night or pain that rest does not ease",
        "aliases": ["night pain", "pain at night", "rest pain", "constant pain",
                    "pain not eased by rest", "cant sleep for pain"],
        "phrases": [
            "pain|hurt|hurts|ache|aching|throbbing night|nights|bed",
            "pain|hurt|hurts|ache wake|wakes|woke|waking",
            "cant|cannot sleep pain|hurt|ache", "pain keeps awake|up",
            "pain|hurt|ache rest|resting|lying|still|sitting not ease|eased|better|help",
            "rest|resting|lying doesnt|dont|never|not help|ease|easing", "not eased rest",
            "constant|unrelenting|relentless pain", "pain all time", "pain never stops|eases",
            "night pain", "rest pain",
        ],
        "why": "Pain that is worst at night or does not ease with rest is not the usual "
        "pattern of a muscle problem.",
    },
    {
        "slug": "balance",
        "tier": "urgent",
        "label": "new balance or coordination problems",
        "aliases": ["coordination", "unsteady", "clumsy", "wobbly", "losing balance",
                    "balance problems"],
        "phrases": [
            "balance problem|problems|issue|issues|off|poor|bad|worse|gone", "off balance",
            "lost|losing|lose balance", "unsteady", "clumsy", "clumsiness", "uncoordinated",
            "coordination off|gone|poor|bad|worse|problem|problems", "wobbly walk|walking|feet",
            "veer|veering|walk drunk",
        ],
        "why": "New trouble with balance or coordination can come from the nerves or spinal "
        "cord.",
    },
    # --- routine: worth a planned appointment
    {
        "slug": SURGERY,
        "tier": "routine",
        "label": f"surgery in the last {rule('surgery_months')} months",
        "aliases": ["surgery", "operation", "post op", "after surgery", "recent operation"],
        "phrases": [
            "surgery", "surgeries", "operation", "operated", "op", "postop", "post op",
            "discectomy|microdiscectomy|laminectomy|decompression|fusion",
            "hip replacement|resurfacing|arthroscopy", "back|spine|spinal|hip surgery",
            "keyhole", "surgeon",
        ],
        "why": "Ask your surgeon whether these exercises are safe for you yet.",
    },
    {
        "slug": "first-episode-age",
        "tier": "routine",
        "label": "first episode under {} or over {}".format(*rule("first_episode_ages")),
        "aliases": ["first episode", "under 20", "over 50", "first time"],
        "phrases": [
            "first episode", "first time", "first ever", "never had before", "under 20|twenty",
            "over 50|fifty",
        ],
        "why": "A first bout of sciatica-like pain before {} or after {} is worth a "
        "check-up.".format(*rule("first_episode_ages")),
    },
    {
        "slug": "not-improving",
        "tier": "routine",
        "label": f"no better after about {rule('course_usual_weeks')[1]} weeks, or getting worse",
        # not "6 weeks" alone: "had surgery 6 weeks ago" is surgery
        "aliases": ["no better", "not better", "getting worse"],
        "phrases": [
            "no|not better", "not|isnt|no improving|improvement", "getting|gets|got worse",
            "worse", "not getting better", "still same|bad", "worse than ever",
        ],
        "why": "Most sciatica-like pain eases within {}-{} weeks; if yours has not, get it "
        "looked at.".format(*rule("course_usual_weeks")),
    },
    {
        "slug": "stopping-activities",
        "tier": "routine",
        "label": "pain stopping everyday activities",
        "aliases": ["cant work", "stopping activities", "daily activities", "cant walk far"],
        "phrases": [
            "cant|cannot|unable work|drive|sit|shop|dress", "off work", "cant|cannot walk far",
            "stopping|stopped|stops activities|everyday|daily", "daily activities",
            "cant|cannot get out bed", "bed bound|bedbound", "housebound",
        ],
        "why": "Pain that stops you working or doing everyday things deserves a proper "
        "assessment.",
    },
    # --- exercise: names the exercise it happened in
    {
        "slug": TINGLING,
        "tier": "exercise",
        "label": "tingling or shooting pain during {exercise}",
        "aliases": ["tingle", "tingles", "shooting pain", "pins and needles", "zinging",
                    "electric", "electric shock", "nerve pain"],
        "phrases": ["shooting pain during|while|doing", "zinging", "electric shock"],
        "why": "Tingling or shooting pain during an exercise means it is pulling on or pressing "
        "a nerve. If the tingling stays after you stop, see a clinician.",
    },
    # --- watch: in one leg or foot, recorded with where and how far down
    {
        "slug": LEG,
        "tier": "watch",
        "label": "tingling, pins and needles or numbness in {where}",
        "aliases": ["leg tingling", "tingling leg", "tingling foot", "numb foot", "numb leg",
                    "pins and needles in my leg"],
        "phrases": [
            "@tingle @place", "@numb @place", "@place @tingle", "@place @numb",
            "@place asleep", "@place fell|falls|falling asleep", "cant|cannot feel toes|foot",
            "@place @feel odd|funny|strange|dead", "@place burning|buzzing|fizzing",
        ],
        "why": "Tingling or numbness in one leg or foot is common with sciatica. Watch where "
        "it reaches: if it spreads, or comes with weakness, see a clinician within "
        f"{shown(rule('urgent_within_days'))} days.",
    },
]  # fmt: skip

BY_SLUG = {s["slug"]: s for s in SYMPTOMS}

# Words that on their own could mean more than one sign: glutelog asks which (on a terminal)
# or names the candidates (elsewhere), rather than guessing. Candidates most pressing first.
AMBIGUOUS = [
    {
        "phrases": ["@numb", "@feel gone|lost|less", "cant|cannot feel"],
        "what": "numbness",
        "candidates": ["saddle-numbness", "weak-both-legs", "spreading-numbness", LEG],
    },
    {
        "phrases": ["@tingle", "shooting pain", "nerve pain", "electric", "@tingle leg"],
        "what": "tingling",
        "candidates": ["saddle-numbness", LEG, TINGLING],
    },
    {
        "phrases": ["@weak", "give|gives|gave|giving way", "buckle|buckling"],
        "what": "weakness",
        "candidates": ["weak-both-legs", "leg-weakness"],
    },
    {
        "phrases": ["accident", "accidents", "had accident"],
        "what": "an accident",
        "candidates": ["bladder", "bowel", "fall"],
    },
    {
        "phrases": ["sex", "down there"],
        "what": "a change down there",
        "candidates": ["saddle-numbness", "bladder", "bowel", "sexual-dysfunction"],
    },
]

# Everyday phrases that hold a sign's word without meaning it: read as no sign ("fell asleep"
# is no fall, "knee pads" are not incontinence pads).
HARMLESS = [
    "fell|fall|falling asleep",
    "knee|elbow|heating|foam|yoga pad|pads",
    "wear|wearing|using|need|needing|put knee|elbow pad|pads",
    "saddle sore|sores",
    "bike|cycling saddle",
    "yoga flow",
    "fall marathon|race|season",
    "water bottle leak|leaking",
    "run|running|walk|walked|ride at night",
    "night run|walk|shift",
]

# How each candidate is offered when the words are unclear: (what it means, what to type).
CHOICES = {
    "saddle-numbness": ("around the genitals, back passage or between the legs", "saddle-numbness"),
    "weak-both-legs": ("in both legs", "weak-both-legs"),
    "spreading-numbness": ("spreading or growing", "spreading-numbness"),
    LEG: ("in one leg or foot", "tingling left foot"),
    TINGLING: ("during one exercise", "tingling pigeon"),
    "leg-weakness": ("in one leg or foot", "leg-weakness"),
    "bladder": ("with the bladder", "bladder"),
    "bowel": ("with the bowel", "bowel"),
    "fall": ("a fall or injury", "fall"),
    "sexual-dysfunction": ("in sexual function or feeling", "sexual-dysfunction"),
}

# Little words that do not change the meaning of a name: "tingling during the pigeon" names
# the pigeon.
FILLERS = frozenset({
    "i", "im", "my", "the", "a", "an", "is", "am", "have", "has", "got", "of", "in", "on", "at",
    "and", "during", "with", "while", "doing",
})  # fmt: skip


class Unclear(BadInput):
    """The words could mean more than one sign. ``choices``: (what each means, the reading it
    gives) most pressing first; the message names the command for each, so a script or a
    person without a terminal can type the one meant."""

    def __init__(self, message: str, question: str, choices: list):
        super().__init__(message)
        self.question = question
        self.choices = choices


def label(slug: str, exercise: str | None = None, side=None, place=None) -> str:
    """A symptom in plain words; for tingling, with the exercise it happened in; for a symptom
    in a leg, with where: ``label("leg-tingling", side="left", place="calf")``."""
    symptom = BY_SLUG.get(slug) or _unknown_symptom(slug)
    return symptom["label"].format(exercise=exercise or "an exercise", where=where(side, place))


def where(side: str | None, place: str | None) -> str:
    """``the left calf``, ``the right leg``, ``one leg or foot``."""
    if side is None and place is None:
        return "one leg or foot"
    return f"the {side + ' ' if side else ''}{place or 'leg'}"


def advice(symptom: dict) -> str:
    """The tier's instruction, then why this symptom matters."""
    return f"{TIERS[symptom['tier']]} {symptom['why']}"


def sign_key(text: str) -> str:
    """Like catalog.normalize, and punctuation counts as a space: "can't" is "cant"."""
    cleaned = "".join(
        ch if ch.isalnum() else (" " if ch not in "'\u2019" else "") for ch in text.lower()
    )
    return normalize(cleaned)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


@cache
def names() -> dict:
    """{normalised slug or alias: slug}, built when a name is first looked up: the report and
    the plan only label symptoms, and building it takes about half a millisecond."""
    found: dict = {}
    for symptom in SYMPTOMS:
        for name in (symptom["slug"], *symptom["aliases"]):
            key = sign_key(name)
            if found.get(key, symptom["slug"]) != symptom["slug"]:
                raise AssertionError(f"alias {name!r} is used twice")
            found[key] = symptom["slug"]
    return found


INDEX_CACHE = "signs.marshal"  # the phrase index, kept in the cache folder between commands


@cache
def _index():
    """The index of every phrasing. Compiling the phrasings takes about 4 ms, a sixth of a
    `done` with a note, so the result is kept in the cache folder, keyed by this version and
    the two files the phrasings and their reading come from."""
    import os

    from glutelog import __version__, paths
    from glutelog.planner import signwords

    stamp: tuple = (__version__,)
    for module in (__file__, signwords.__file__):
        try:
            info = os.stat(module)
            stamp += (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp += (0, 0)
    found = paths.read_cache(INDEX_CACHE)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == stamp:
        try:
            return signwords.Index.restored(found[1])
        except (TypeError, ValueError):
            pass  # a cache of another shape: built again below
    entries = [(s["slug"], phrase) for s in SYMPTOMS for phrase in s["phrases"]]
    entries += [(n, phrase) for n, a in enumerate(AMBIGUOUS) for phrase in a["phrases"]]
    entries += [(None, phrase) for phrase in HARMLESS]
    index = signwords.Index(entries)
    paths.write_cache(INDEX_CACHE, (stamp, index.state()))
    return index


def tier_of(key) -> int:
    if key is None:  # a harmless phrase: below every tier
        return len(TIERS)
    if isinstance(key, int):  # an ambiguous word: as pressing as its most pressing candidate
        return min(TIER_ORDER[BY_SLUG[c]["tier"]] for c in AMBIGUOUS[key]["candidates"])
    return TIER_ORDER[BY_SLUG[key]["tier"]]


def _covers(big, small) -> bool:
    """Whether ``big`` says all that ``small`` says and more ("numbness down there" holds
    "numbness"). An emergency is only ever covered by another emergency."""
    if not small.used <= big.used or small is big or small.key is None:
        return False
    if big.key is None:  # "fell asleep" is no fall, a leaking water bottle no bladder sign
        return True
    if isinstance(small.key, int):  # the longer words say which sign an unclear word meant
        return small.used != big.used or isinstance(big.key, str)
    if isinstance(big.key, int):
        return False
    if small.used == big.used:  # the same words: the more pressing reading stands
        return tier_of(big.key) < tier_of(small.key)
    return tier_of(small.key) != 0 or tier_of(big.key) == 0


def hear(text: str) -> dict:
    """What ``text`` says, before any question is asked: ``signs`` (slugs said, most pressing
    first), ``unclear`` (indexes into AMBIGUOUS of words that could mean several signs),
    ``denied`` (slugs only denied: "no numbness in the saddle"), ``side`` and ``place`` (where
    in one leg: the lowest place named).

    ``hear("numb down there, can't pee")["signs"] == ["bladder", "saddle-numbness"]``
    """
    found = _index().find(text)
    denials = [m for m in found if m.denied]
    # "the saddle is not numb" denies "saddle" too: a word inside a denied phrase is denied
    said = [m for m in found if not m.denied and not any(m.used < d.used for d in denials)]
    kept = [m for m in said if not any(_covers(other, m) for other in said)]
    signs = {m.key for m in kept if isinstance(m.key, str)}  # harmless ones (None) go here
    unclear = sorted({m.key for m in kept if isinstance(m.key, int)})
    denied = {m.key for m in found if m.denied and isinstance(m.key, str)} - signs
    side, place = leg_detail(text)
    return {
        "signs": sorted(signs, key=lambda s: (TIER_ORDER[BY_SLUG[s]["tier"]], s)),
        "unclear": unclear,
        "denied": sorted(denied),
        "side": side,
        "place": place,
    }


def leg_detail(text: str) -> tuple:
    """(side, place) named in ``text``: "left" or "right" (None if neither or both), and the
    lowest of PLACES named (None if none): ``leg_detail("left buttock to the knee")`` is
    ``("left", "knee")``."""
    from glutelog.planner import signwords

    words = signwords.words_in(text)
    sides = {w for w in words if w in SIDES}
    places = [PLACE_WORDS[w] for w in words if w in PLACE_WORDS]
    place = max(places, key=PLACES.index) if places else None
    return (sides.pop() if len(sides) == 1 else None), place


def read(text: str) -> dict:
    """The signs meant by a phrase typed after `glutelog flag`: ``hear`` and then a decision.

    Returns ``{"signs": [...], "also": [...], "side": ..., "place": ...}``: ``signs`` are those
    of the most pressing tier said (each to record), ``also`` the less pressing ones. Raises
    ``Unclear`` when the words could mean signs of different weight, or tingling in one leg
    comes with spreading or weakness (urgent or not is the person's to say); ``BadInput`` when
    the phrase only denies a sign or names none.
    """
    exact = names().get(sign_key(text))
    if exact is not None and exact != TINGLING:  # a slug or alias typed as such
        side, place = leg_detail(text) if exact == LEG else (None, None)
        return {"signs": [exact], "also": [], "side": side, "place": place}
    heard = hear(text)
    signs, side, place = heard["signs"], heard["side"], heard["place"]
    said = _short(text)
    if LEG in signs and place == "buttock" and side is None and len(signs) == 1:
        # one buttock or both? Both is the saddle area.
        _unclear(said, "numbness or tingling in the buttock", ["saddle-numbness", LEG], heard)
    if LEG in signs:
        raised = [s for s in ("spreading-numbness", "leg-weakness") if s in signs]
        if raised and all(TIER_ORDER[BY_SLUG[s]["tier"]] >= 1 for s in signs):
            _ask_urgent(said, raised[0], heard)
    top = TIER_ORDER[BY_SLUG[signs[0]]["tier"]] if signs else len(TIERS)
    vague = [n for n in heard["unclear"] if tier_of(n) < top]
    if vague:
        candidates = []
        for n in vague:
            candidates += [c for c in AMBIGUOUS[n]["candidates"] if c not in candidates]
        candidates += [s for s in signs if s not in candidates]
        what = " or ".join(AMBIGUOUS[n]["what"] for n in vague)
        _unclear(said, what, candidates, heard)
    if not signs:
        if heard["denied"]:
            first = heard["denied"][0]
            raise BadInput(
                f"{said!r} says the sign is not there, so nothing was recorded; if it is "
                f"there after all: glutelog flag {first}"
            )
        raise BadInput(_unknown(text, sign_key(text)))
    chosen = [s for s in signs if TIER_ORDER[BY_SLUG[s]["tier"]] == top]
    return {
        "signs": chosen,
        "also": [s for s in signs if s not in chosen],
        "side": side,
        "place": place,
    }


def command_for(slug: str, heard: dict) -> str:
    if slug == LEG:
        detail = " ".join(p for p in (heard.get("side") or "left", heard.get("place") or "foot"))
        return f"glutelog flag tingling {detail}"
    return f"glutelog flag {CHOICES.get(slug, (None, slug))[1]}"


def _reading(slug: str, heard: dict) -> dict:
    return {"signs": [slug], "also": [], "side": heard["side"], "place": heard["place"]}


def _unclear(said: str, what: str, candidates: list, heard: dict):
    candidates = sorted(candidates, key=lambda s: TIER_ORDER[BY_SLUG[s]["tier"]])
    offers = []
    for slug in candidates:
        meaning = CHOICES.get(slug, (label(slug), slug))[0]
        offers.append(f"{meaning} ({BY_SLUG[slug]['tier']}): {command_for(slug, heard)}")
    raise Unclear(
        f"{said!r} could mean more than one warning sign, so nothing was recorded; "
        f"say which: {'; '.join(offers)}",
        f"Where or what is the {what}?",
        [(offers[i], _reading(slug, heard)) for i, slug in enumerate(candidates)],
    )


def _ask_urgent(said: str, slug: str, heard: dict):
    why = "spreading" if slug == "spreading-numbness" else "with weakness"
    leg = command_for(LEG, heard)
    raise Unclear(
        f"{said!r} reads as tingling or numbness in {where(heard['side'], heard['place'])} "
        f"{why}, which is urgent if it is new; nothing was recorded. To raise it as urgent: "
        f"glutelog flag {slug}; to record it as a symptom to watch: {leg}",
        f"Tingling or numbness {why}: raise it as urgent (see a clinician within "
        f"{shown(rule('urgent_within_days'))} days)?",
        [
            (f"yes, urgent: glutelog flag {slug}", _reading(slug, heard)),
            (f"no, a symptom to watch: {leg}", _reading(LEG, heard)),
        ],
    )


def resolve(text: str) -> dict:
    """The one symptom meant by ``text``: a slug or alias in any case, with spaces, ``_`` or
    ``-``; then a unique prefix; then a phrase read as people say it ("can't control my
    bladder"). Unclear or several signs at once is an error that names them.
    """
    key = sign_key(text or "")
    if not key:
        raise BadInput("name the warning sign, e.g. `glutelog flag saddle`: see `glutelog flag`")
    if key in names():
        return BY_SLUG[names()[key]]
    if len(key) >= 3 and "-" not in key:
        prefixed = {slug for name, slug in names().items() if name.startswith(key)}
        if len(prefixed) == 1:
            return BY_SLUG[prefixed.pop()]
    found = read(text)["signs"]
    if len(found) > 1:
        raise BadInput(
            f"{_short(text)!r} could mean any of: {', '.join(sorted(found))}; see `glutelog flag`"
        )
    return BY_SLUG[found[0]]


def tingling_words(words: list[str]) -> int:
    """How many of the first ``words`` name tingling during an exercise ("tingling", "pins
    and needles", "shooting pain"); 0 if they do not start so."""
    for size in range(len(words), 0, -1):
        if names().get(sign_key(" ".join(words[:size]))) == TINGLING:
            return size
    return 0


def split(words: list[str]) -> tuple[dict, list[str]]:
    """(symptom, the words naming an exercise) from what was typed after ``glutelog flag``.

    Only tingling names an exercise: ``["tingling", "pigeon"]`` and ``["pins", "and",
    "needles", "during", "pigeon"]`` give the tingling symptom and ``["pigeon"]``. Any other
    text is one symptom, however many words it takes.
    """
    size = tingling_words(words[:-1]) if len(words) > 1 else 0
    if size:
        rest = list(words[size:])
        while rest and sign_key(rest[0]) in FILLERS:
            rest.pop(0)
        return BY_SLUG[TINGLING], rest
    return resolve(" ".join(words)), []


def when(text: str, today: date) -> date | None:
    """The day a phrase dates something to, or None: "6 weeks ago", "3 months ago", "last
    month", "yesterday", "in october" (the end of the latest October, never after today, so a
    surgery's 3 months are never cut short), "march 2025", or a date such as 2026-10-03."""
    from glutelog.planner import signwords

    for token in text.split():
        try:
            return date.fromisoformat(token.strip(".,;:()"))
        except ValueError:
            continue
    words = signwords.words_in(text)
    for i, word in enumerate(words):
        if word == "yesterday":
            return today - timedelta(days=1)
        if word in ("today", "tonight"):
            return today
        if word == "ago" and i >= 1:
            count, unit = (1, words[i - 1]) if i == 1 else (_count(words[i - 2]), words[i - 1])
            if count is None:
                count = 1
            back = _back(today, count, unit)
            if back is not None:
                return back
        if word == "last" and i + 1 < len(words):
            back = _back(today, 1, words[i + 1])
            if back is not None:
                return back
        month = _month(word)
        if month is not None:
            year = _year(words[i + 1]) if i + 1 < len(words) else None
            before = words[i - 1] if i else ""
            if year is None and before not in (
                "in",
                "on",
                "during",
                "since",
                "early",
                "late",
                "mid",
                "end",
                "start",
                "beginning",
                "last",
            ):
                continue  # "may" without "in" is more likely a verb
            return _month_end(today, month, year)
    return None


NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "few": 3,
    "couple": 2,
}  # fmt: skip
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


def _count(word: str) -> int | None:
    if word.isascii() and word.isdigit() and len(word) < 5:
        return int(word)
    return NUMBER_WORDS.get(word)


def _back(today: date, count: int, unit: str) -> date | None:
    unit = unit[:-1] if unit.endswith("s") else unit
    if unit == "day":
        return today - timedelta(days=count)
    if unit == "week":
        return today - timedelta(weeks=count)
    if unit in ("month", "year"):
        months = count if unit == "month" else 12 * count
        total = today.year * 12 + today.month - 1 - months
        year, month = divmod(total, 12)
        if year < 1:
            return None
        return clamped(year, month + 1, today.day)
    return None


def clamped(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def _month(word: str) -> int | None:
    if len(word) < 3 or not word.isalpha():
        return None
    if word == "sept":
        return 9
    found = [n for n, name in enumerate(MONTH_NAMES, 1) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def _year(word: str) -> int | None:
    if word.isascii() and word.isdigit() and len(word) == 4:
        return int(word)
    return None


def _month_end(today: date, month: int, year: int | None) -> date:
    if year is None:
        year = today.year if month <= today.month else today.year - 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return min(following - timedelta(days=1), today)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "..."


def _unknown(text: str, key: str) -> str:
    import difflib  # only on this error path

    close = difflib.get_close_matches(key, list(names()), n=3, cutoff=0.6)
    slugs = list(dict.fromkeys(names()[name] for name in close))
    hint = f"did you mean {' or '.join(slugs)}? " if slugs else ""
    return f"unknown warning sign {_short(text)!r}; {hint}`glutelog flag` lists them all"


def _iso(day) -> str:
    return day if isinstance(day, str) else day.isoformat()


def _unknown_symptom(slug: str) -> dict:
    # A symptom this glutelog does not know (written by a newer one): kept as urgent, so it is
    # never silently dropped.
    return {
        "slug": slug,
        "tier": "urgent",
        "label": f"warning sign {slug!r}",
        "aliases": [],
        "phrases": [],
        "why": "This glutelog does not know this sign; treat it as needing a clinician.",
    }


def months_on(day: str, months: int) -> date:
    """The same day ``months`` calendar months after ``day`` (the month's last day when it is
    shorter): the last day of a surgery's gentle plan, so 3 months are never cut short."""
    start = date.fromisoformat(day)
    total = start.year * 12 + start.month - 1 + months
    return clamped(total // 12, total % 12 + 1, start.day)


def _days_on(day: str, days: int) -> str:
    """The last day of ``days`` days from ``day``, which is day 1."""
    return (date.fromisoformat(day) + timedelta(days=days - 1)).isoformat()


def describe(row: dict) -> dict:
    """A stored flag row as the rest of glutelog shows it (see :func:`active`)."""
    symptom = BY_SLUG.get(row["symptom"]) or _unknown_symptom(row["symptom"])
    slug = symptom["slug"]
    until = gentle_until = None
    if slug == TINGLING:
        until = _days_on(row["day"], rule("tingling_days"))
    elif slug == LEG:
        until = _days_on(row["day"], rule("symptom_recent_days"))
    elif slug == SURGERY:
        gentle_until = months_on(row["day"], rule("surgery_months")).isoformat()
    return {
        "id": row["id"],
        "symptom": slug,
        "tier": symptom["tier"],
        "label": label(slug, row.get("exercise"), row.get("side"), row.get("place")),
        "advice": advice(symptom),
        "exercise": row.get("exercise"),
        "day": row["day"],
        "until": until,
        "suspected": bool(row.get("suspected")),
        "side": row.get("side"),
        "place": row.get("place"),
        "gentle_until": gentle_until,
    }


def active(rows: list, day) -> list[dict]:
    """The flags in force on ``day`` (a date or ISO day), most pressing first.

    A flag is in force from the day it was raised until it is cleared (a flag cleared on
    ``day`` is no longer in force that day). A tingling flag also ends by itself: it covers the
    day it was raised and the next ``tingling_days - 1`` days; a symptom to watch is shown for
    ``symptom_recent_days``. Each flag is a dict with id, symptom, tier, label, advice,
    exercise (a slug or None), day (raised), until (the last day a tingling flag sets its
    exercise aside, or a symptom is shown; None for the others), suspected (raised from a note,
    not yet confirmed), side and place (a symptom in one leg) and gentle_until (the last day
    of the gentle plan after surgery).
    """
    iso = _iso(day)
    found = []
    for row in rows:
        if row["day"] > iso or (row.get("cleared_day") is not None and row["cleared_day"] <= iso):
            continue
        flag = describe(row)
        if flag["until"] is not None and flag["until"] < iso:
            continue
        found.append(flag)
    found.sort(key=lambda f: (TIER_ORDER[f["tier"]], f["day"], f["id"]))
    return found


def pauses(active_flags: list) -> bool:
    """Whether these flags pause the plan: any emergency or urgent one does, suspected or
    confirmed."""
    return any(flag["tier"] in PAUSING for flag in active_flags)


def gentle(active_flags: list, day) -> dict | None:
    """The surgery flag that keeps ``day``'s plan gentle (walks and the easiest stretches), or
    None: surgery within the last ``surgery_months`` months and not cleared."""
    iso = _iso(day)
    for flag in active_flags:
        if flag["symptom"] == SURGERY and flag.get("gentle_until") and flag["gentle_until"] >= iso:
            return flag
    return None


def pause_message(active_flags: list) -> str:
    """What to tell a user whose plan is paused, in plain words; "" when nothing pauses it.

    ``Plan paused: numbness in the saddle area (flagged 2026-11-24). Go to an emergency
    department now. When you have been assessed: glutelog flag --clear``

    A suspected flag (raised from a note) says the two commands that answer it.
    """
    pausing = [flag for flag in active_flags if flag["tier"] in PAUSING]
    if not pausing:
        return ""
    confirmed = [flag for flag in pausing if not flag.get("suspected")]
    suspected = [flag for flag in pausing if flag.get("suspected")]
    what = [f"{flag['label']} (flagged {flag['day']})" for flag in confirmed]
    what += [f"{flag['label']} (suspected from your note of {flag['day']})" for flag in suspected]
    tier = min((flag["tier"] for flag in pausing), key=TIER_ORDER.__getitem__)
    text = f"Plan paused: {'; '.join(what)}. {TIERS[tier]}"
    if confirmed:
        text += " When you have been assessed: glutelog flag --clear"
    for flag in suspected:
        text += (
            f"{'.' if confirmed else ''} If it is new: glutelog flag {flag['symptom']}; if it "
            f"is not new: glutelog flag --clear {flag['symptom']}"
        )
    return text
