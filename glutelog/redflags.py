"""Red flags: warning symptoms a user can record, what each one means, and which are in force.

The table below is domain knowledge meant to be reviewed by a clinician in this one file. Tiers:

- emergency: go to an emergency department now (possible cauda equina syndrome);
- urgent: see a clinician within a day or two;
- routine: book a GP or physiotherapist;
- exercise: tingling or shooting pain during one exercise sets that exercise aside for a while.

Sources: NHS "Sciatica"; NHS Lothian RefHelp (serious spinal conditions); BMJ Best Practice
(cauda equina syndrome); AHCPR "Acute low back problems in adults" red-flag table.

Everything here is pure (no database, no clock): callers pass the stored rows and the day.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from glutelog.catalog import normalize
from glutelog.errors import BadInput
from glutelog.rules import rule, shown

TINGLING = "tingling"

# tier: (what to do, in plain words). Listed from the most to the least pressing.
TIERS = {
    "emergency": "Go to an emergency department now.",
    "urgent": "See a clinician (a GP, doctor or physiotherapist) within "
    f"{shown(rule('urgent_within_days'))} days.",
    "routine": "Book an appointment with a GP or physiotherapist.",
    "exercise": "Stop that exercise and use its easier variant.",
}
TIER_ORDER = {tier: order for order, tier in enumerate(TIERS)}
PAUSING = rule("pausing_tiers")  # the tiers that pause the plan until cleared

# Each symptom: slug, tier, label (reads after "Flagged:"), aliases (everyday ways to say it;
# matched whole, by unique prefix, or found inside a longer phrase), and why it matters.
SYMPTOMS = [
    # --- emergency: signs the nerves at the base of the spine may be squeezed (cauda equina)
    {
        "slug": "saddle-numbness",
        "tier": "emergency",
        "label": "numbness in the saddle area",
        "aliases": ["saddle", "numb saddle", "numb saddle area", "saddle area", "numb groin",
                    "numb bottom", "numb genitals", "numb anus", "numb between the legs"],
        "why": "Numbness around the genitals or back passage can mean the nerves at the base of "
        "the spine are being squeezed, which needs treatment within hours.",
    },
    {
        "slug": "bladder",
        "tier": "emergency",
        "label": "new trouble passing or controlling urine",
        "aliases": ["bladder change", "urine", "cant pee", "cannot pee", "cant urinate",
                    "leaking urine", "incontinence", "wetting", "cant control bladder"],
        "why": "A new change in how the bladder works, together with back or leg pain, needs "
        "checking the same day.",
    },
    {
        "slug": "bowel",
        "tier": "emergency",
        "label": "loss of bowel control or feeling",
        "aliases": ["bowel change", "bowel control", "cant control bowel", "soiling",
                    "faecal incontinence", "fecal incontinence"],
        "why": "Losing control of the bowel, or not feeling it, together with back or leg pain, "
        "needs checking the same day.",
    },
    {
        "slug": "both-legs",
        "tier": "emergency",
        "label": "sciatica in both legs",
        "aliases": ["sciatica both legs", "sciatica in both legs", "pain in both legs",
                    "pain down both legs", "bilateral sciatica"],
        "why": "Sciatica in both legs at once is a sign the nerves at the base of the spine may "
        "be squeezed.",
    },
    {
        "slug": "weak-both-legs",
        "tier": "emergency",
        "label": "weakness or numbness in both legs",
        "aliases": ["both legs weak", "both legs numb", "weak both legs", "numb both legs",
                    "weakness in both legs", "numbness in both legs", "legs giving way"],
        "why": "Weakness or numbness in both legs that is severe or getting worse needs to be "
        "seen at once.",
    },
    {
        "slug": "sexual-dysfunction",
        "tier": "emergency",
        "label": "new sexual dysfunction",
        "aliases": ["sexual", "sex", "erection", "impotence", "no feeling during sex"],
        "why": "A new loss of sexual function or feeling, together with back or leg pain, can "
        "be a nerve problem that needs treatment within hours.",
    },
    # --- urgent: a clinician should look within a day or two
    {
        "slug": "leg-weakness",
        "tier": "urgent",
        "label": "new leg weakness or foot drop",
        "aliases": ["foot drop", "dropped foot", "weak leg", "leg weakness", "weak foot",
                    "tripping", "foot slapping", "weakness"],
        "why": "New weakness in one leg, or a foot that catches or slaps, means a nerve is "
        "struggling.",
    },
    {
        "slug": "spreading-numbness",
        "tier": "urgent",
        "label": "numbness that is spreading",
        "aliases": ["numbness spreading", "numbness", "numb leg", "numb foot", "spreading"],
        "why": "Numbness that spreads or grows means a nerve is under more pressure.",
    },
    {
        "slug": "fall",
        "tier": "urgent",
        "label": "pain after a fall or injury",
        "aliases": ["after a fall", "pain after a fall", "fell", "injury", "accident",
                    "car accident"],
        "why": "Pain that started after a significant fall or accident should be checked for "
        "an injury before exercising on.",
    },
    {
        "slug": "fever",
        "tier": "urgent",
        "label": "fever or chills with the pain",
        "aliases": ["chills", "temperature", "high temperature", "shivers", "night sweats"],
        "why": "Fever with back or leg pain can be a sign of infection.",
    },
    {
        "slug": "weight-loss",
        "tier": "urgent",
        "label": "weight loss you cannot explain",
        "aliases": ["unexplained weight loss", "losing weight"],
        "why": "Losing weight without trying, together with back or leg pain, needs to be "
        "looked into.",
    },
    {
        "slug": "cancer",
        "tier": "urgent",
        "label": "a history of cancer",
        "aliases": ["cancer history", "history of cancer", "had cancer", "tumour", "tumor"],
        "why": "After cancer, new back or leg pain should be checked before it is treated as "
        "a sore muscle.",
    },
    {
        "slug": "night-pain",
        "tier": "urgent",
        "label": "severe pain at night or pain that rest does not ease",
        "aliases": ["night pain", "pain at night", "night", "rest pain", "constant pain",
                    "pain not eased by rest", "cant sleep for pain"],
        "why": "Pain that is worst at night or does not ease with rest is not the usual "
        "pattern of a muscle problem.",
    },
    {
        "slug": "balance",
        "tier": "urgent",
        "label": "new balance or coordination problems",
        "aliases": ["coordination", "unsteady", "clumsy", "wobbly", "losing balance",
                    "balance problems"],
        "why": "New trouble with balance or coordination can come from the nerves or spinal "
        "cord.",
    },
    # --- routine: worth a planned appointment
    {
        "slug": "recent-surgery",
        "tier": "routine",
        "label": f"surgery in the last {rule('surgery_months')} months",
        "aliases": ["surgery", "operation", "post op", "after surgery", "recent operation"],
        "why": "Ask your surgeon whether these exercises are safe for you yet.",
    },
    {
        "slug": "first-episode-age",
        "tier": "routine",
        "label": "first episode under {} or over {}".format(*rule("first_episode_ages")),
        "aliases": ["first episode", "under 20", "over 50", "first time"],
        "why": "A first bout of sciatica-like pain before {} or after {} is worth a "
        "check-up.".format(*rule("first_episode_ages")),
    },
    {
        "slug": "not-improving",
        "tier": "routine",
        "label": f"no better after about {rule('course_usual_weeks')[1]} weeks, or getting worse",
        "aliases": ["no better", "not better", "getting worse", "six weeks", "6 weeks"],
        "why": "Most sciatica-like pain eases within {}-{} weeks; if yours has not, get it "
        "looked at.".format(*rule("course_usual_weeks")),
    },
    {
        "slug": "stopping-activities",
        "tier": "routine",
        "label": "pain stopping everyday activities",
        "aliases": ["cant work", "stopping activities", "daily activities", "cant walk far"],
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
        "why": "Tingling or shooting pain during an exercise means it is pulling on or pressing "
        "a nerve. If the tingling stays after you stop, see a clinician.",
    },
]  # fmt: skip

BY_SLUG = {s["slug"]: s for s in SYMPTOMS}

# Little words that do not change the meaning of a phrase: "pain in both my legs" holds the
# alias "pain in both legs", and "tingling during the pigeon" names the pigeon.
FILLERS = frozenset({
    "i", "im", "my", "the", "a", "an", "is", "am", "have", "has", "got", "of", "in", "on", "at",
    "and", "during", "with", "while", "doing",
})  # fmt: skip


def label(slug: str, exercise: str | None = None) -> str:
    """A symptom in plain words; for tingling, with the exercise it happened in."""
    symptom = BY_SLUG.get(slug) or _unknown_symptom(slug)
    return symptom["label"].format(exercise=exercise or "an exercise")


def advice(symptom: dict) -> str:
    """The tier's instruction, then why this symptom matters."""
    return f"{TIERS[symptom['tier']]} {symptom['why']}"


def _key(text: str) -> str:
    """Like catalog.normalize, and punctuation counts as a space: "can't" is "cant"."""
    cleaned = "".join(ch if ch.isalnum() else (" " if ch != "'" else "") for ch in text)
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
            key = _key(name)
            if found.get(key, symptom["slug"]) != symptom["slug"]:
                raise AssertionError(f"alias {name!r} is used twice")
            found[key] = symptom["slug"]
    return found


def resolve(text: str) -> dict:
    """The symptom meant by ``text``: a slug or alias in any case, with spaces, ``_`` or ``-``;
    then a unique prefix; then a phrase holding an alias ("can't control my bladder").

    Inside a phrase the longest alias found wins; between equally long ones the most pressing
    tier wins ("numbness in the saddle" is saddle numbness, not spreading numbness, so a
    doubtful phrase errs towards care); any other tie is an error listing the candidates.
    """
    key = _key(text or "")
    if not key:
        raise BadInput("name the warning sign, e.g. `glutelog flag saddle`: see `glutelog flag`")
    if key in names():
        return BY_SLUG[names()[key]]
    prefixed = {slug for name, slug in names().items() if name.startswith(key)}
    if len(prefixed) == 1:
        return BY_SLUG[prefixed.pop()]
    found = prefixed or _most_pressing(_contained(key))
    if len(found) > 1:
        raise BadInput(
            f"{_short(text)!r} could mean any of: {', '.join(sorted(found))}; see `glutelog flag`"
        )
    if found:
        return BY_SLUG[found.pop()]
    raise BadInput(_unknown(text, key))


def mentioned(text: str) -> list[dict]:
    """Warning signs a free-text note seems to describe, most pressing first: a note is no
    flag, but "numb saddle area, can't control bladder" should not pass without a word.

    ``[s["slug"] for s in mentioned("numb saddle, both legs tingle")]`` holds saddle numbness.
    """
    found: set = set()
    for mark in ",.;:!?/()&+":
        text = text.replace(mark, ",")
    for part in text.split(","):
        key = _key(part)
        if key:
            found |= _most_pressing(_contained(key))
    found.discard(TINGLING)  # tingling belongs to one exercise: `done --tingling` says which
    return sorted((BY_SLUG[s] for s in found), key=lambda s: (TIER_ORDER[s["tier"]], s["slug"]))


def _contained(key: str) -> set:
    """Symptoms with the longest alias found, as whole words, inside the phrase ``key``."""
    words = _words(key)
    best, found = 0, set()
    for name, slug in names().items():
        alias = _words(name)
        size = len(alias)
        if size < best:
            continue
        if any(words[i : i + size] == alias for i in range(len(words) - size + 1)):
            if size > best:
                best, found = size, set()
            found.add(slug)
    return found


def _words(key: str) -> list:
    return [_stem(w) for w in key.split("-") if w not in FILLERS] or [key]


def _most_pressing(slugs: set) -> set:
    if not slugs:
        return slugs
    top = min(TIER_ORDER[BY_SLUG[slug]["tier"]] for slug in slugs)
    return {slug for slug in slugs if TIER_ORDER[BY_SLUG[slug]["tier"]] == top}


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "..."


def _unknown(text: str, key: str) -> str:
    import difflib  # only on this error path

    close = difflib.get_close_matches(key, list(names()), n=3, cutoff=0.6)
    slugs = list(dict.fromkeys(names()[name] for name in close))
    hint = f"did you mean {' or '.join(slugs)}? " if slugs else ""
    return f"unknown warning sign {_short(text)!r}; {hint}`glutelog flag` lists them all"


def split(words: list[str]) -> tuple[dict, list[str]]:
    """(symptom, the words naming an exercise) from what was typed after ``glutelog flag``.

    Only tingling names an exercise: ``["tingling", "pigeon"]`` and ``["pins", "and",
    "needles", "during", "pigeon"]`` give the tingling symptom and ``["pigeon"]``. Any other
    text is one symptom, however many words it takes.
    """
    for size in range(len(words) - 1, 0, -1):
        if names().get(_key(" ".join(words[:size]))) == TINGLING:
            rest = list(words[size:])
            while rest and _key(rest[0]) in FILLERS:
                rest.pop(0)
            return BY_SLUG[TINGLING], rest
    return resolve(" ".join(words)), []


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
        "why": "This glutelog does not know this sign; treat it as needing a clinician.",
    }


def describe(row: dict) -> dict:
    """A stored flag row as the rest of glutelog shows it (see :func:`active`)."""
    symptom = BY_SLUG.get(row["symptom"]) or _unknown_symptom(row["symptom"])
    until = None
    if symptom["slug"] == TINGLING:
        until = date.fromisoformat(row["day"]) + timedelta(days=rule("tingling_days") - 1)
        until = until.isoformat()
    return {
        "id": row["id"],
        "symptom": symptom["slug"],
        "tier": symptom["tier"],
        "label": label(symptom["slug"], row.get("exercise")),
        "advice": advice(symptom),
        "exercise": row.get("exercise"),
        "day": row["day"],
        "until": until,
    }


def active(rows: list, day) -> list[dict]:
    """The flags in force on ``day`` (a date or ISO day), most pressing first.

    A flag is in force from the day it was raised until it is cleared (a flag cleared on
    ``day`` is no longer in force that day). A tingling flag also ends by itself: it covers the
    day it was raised and the next ``tingling_days - 1`` days. Each flag is a dict with id,
    symptom, tier, label, advice, exercise (a slug or None), day (raised) and until (the last
    day a tingling flag sets its exercise aside; None for the others).
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
    """Whether these flags pause the plan: any emergency or urgent one does."""
    return any(flag["tier"] in PAUSING for flag in active_flags)


def pause_message(active_flags: list) -> str:
    """What to tell a user whose plan is paused, in plain words; "" when nothing pauses it.

    ``Plan paused: numbness in the saddle area (flagged 2026-11-24). Go to an emergency
    department now. When you have been assessed: glutelog flag --clear``
    """
    pausing = [flag for flag in active_flags if flag["tier"] in PAUSING]
    if not pausing:
        return ""
    what = "; ".join(f"{flag['label']} (flagged {flag['day']})" for flag in pausing)
    tier = min((flag["tier"] for flag in pausing), key=TIER_ORDER.__getitem__)
    return f"Plan paused: {what}. {TIERS[tier]} When you have been assessed: glutelog flag --clear"
