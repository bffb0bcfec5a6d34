"""Reading warning signs in a person's own words.

People rarely use the clinical words: saddle numbness is "numb down there" or "I can't feel it
when I wipe". This module finds the phrasings of ``redflags.SYMPTOMS`` in free text as whole
words (never substrings: "pee" is not in "speed"), in any order within a few words of each other
and inside one clause, and tells a phrase that is denied ("no numbness", "not numb any more",
"I haven't wet myself") from one that is said.

A phrasing is written as words separated by spaces; ``a|b`` means either word, ``@name`` one of
the word groups in ``GROUPS``, ``=word`` that exact word (not its stem: "buttocks", both sides,
is not "buttock", one side). Every other word is compared by a rough stem, so "peeing", "pees"
and "pee" are one word.

Written with str methods only (no ``re``): `flag`, `done` and `sore` read notes on the fast
path. The phrase index is built the first time a text is read, about a millisecond.
"""

from __future__ import annotations

from functools import cache

# Words that deny what follows ("no numbness", "I don't have trouble peeing") once "n't" has
# lost its apostrophe. A phrasing may hold one of them itself ("can't pee", "no feeling down
# there"): a word a phrasing uses is part of the sign, not a denial of it.
NEGATIONS = frozenset({
    "no", "not", "never", "without", "nor", "neither", "none", "nothing", "nomore", "noone",
    "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt",
    "wont", "wouldnt", "cant", "cannot", "couldnt", "shouldnt", "aint", "nope",
})  # fmt: skip

# A denial word followed by one of these is doubt, not denial: "not sure if I wet myself" is
# heard as the sign (a false alarm costs one command; a missed emergency costs much more).
HEDGES = frozenset({"sure", "certain", "know", "tell", "idea", "if", "whether", "remember"})

# Said after a sign, these end it: "numb down there, not any more", "the numbness has gone".
# Only when the phrasing does not use the words itself ("the feeling has gone down there" is
# the sign).
AFTER_DENIALS = (
    ("anymore",), ("nomore",), ("no", "longer"), ("gone", "away"), ("went", "away"),
    ("has", "gone"), ("have", "gone"), ("is", "gone"), ("are", "gone"), ("resolved",),
    ("cleared", "up"), ("settled", "down"), ("back", "to", "normal"), ("normal", "again"),
)  # fmt: skip

# Said right after a sign (with only LINKS between), these deny it: "bladder fine".
FINE = frozenset({"fine", "ok", "okay", "normal", "good"})
LINKS = frozenset({"is", "are", "was", "feels", "feel", "seems", "all", "working", "now"})

# A denial reaches this many words ahead ("no real numbness in the saddle": 4 words on)...
DENIAL_REACH = 6
# ...and a phrasing's words may lie this many words apart, in any order.
SLACK = 4

# Words that end a clause: a denial or a phrasing does not carry over them.
CLAUSE_ENDS = frozenset({"but", "however", "though", "although", "yet", "except", "whereas"})
# "and" ends what a denial reaches ("no numbness and can't pee" still says "can't pee"), not a
# phrasing ("numb and tingling in my left foot").
DENIAL_ENDS = CLAUSE_ENDS | {"and", "then", "now", "since", "so"}

# Several words that are one word here.
COMPOUNDS = {
    ("pins", "and", "needles"): "pinsneedles",
    ("pins", "needles"): "pinsneedles",
    ("pins", "n", "needles"): "pinsneedles",
    ("down", "there"): "downthere",
    ("down", "below"): "downthere",
    ("back", "passage"): "backpassage",
    ("any", "more"): "anymore",
    ("no", "more"): "nomore",
    ("no", "one"): "noone",
    ("can", "not"): "cannot",
    ("bowel", "movement"): "bowelmovement",
    ("bowel", "movements"): "bowelmovement",
    ("cauda", "equina"): "caudaequina",
    ("night", "sweats"): "nightsweats",
    ("foot", "drop"): "footdrop",
    ("drop", "foot"): "footdrop",
    ("dropped", "foot"): "footdrop",
    ("pelvic", "floor"): "pelvicfloor",
}

# Word groups used in phrasings as @name.
GROUPS = {
    "numb": "numb numbness numbed dead deadened asleep",
    "feel": "feel feeling feelings sensation sensations",
    "saddle": "saddle groin genital genitals crotch perineum perineal anus anal backpassage bum "
    "bottom butt backside arse ass =buttocks privates vagina vulva penis testicles scrotum "
    "labia downthere",
    "pee": "pee peeing urine urinate urinating urination wee weeing piss pissing bladder wees "
    "urinary",
    "poo": "poo pooing poop pooping stool stools faeces feces bowel bowels bowelmovement",
    "trouble": "trouble troubles problem problems difficulty difficult hard struggle struggling "
    "struggles issue issues strain straining unable cant cannot trouble",
    "tingle": "tingle tingles tingling tingly pinsneedles prickle prickling prickly buzzing "
    "fizzing crawling",
    "weak": "weak weakness weaker feeble",
    "legs": "=legs =bilateral",
    "place": "buttock hip thigh hamstring knee calf shin ankle foot feet toe toes heel sole leg",
    "spread": "spread spreading spreads spreaded creeping creep moving bigger wider further "
    "growing grows larger",
    "side": "left right",
}


def stem(word: str) -> str:
    """A rough stem, the same for the forms people type: ``stem("peeing") == stem("pee")``,
    ``stem("wiping") == stem("wipe")``, ``stem("tingles") == stem("tingle")``."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeioulsfz":
                word = word[:-1]  # wetting -> wet, stopped -> stop
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]  # wipe and wiping meet at "wip"
    return word


def clauses(text: str) -> list[list[str]]:
    """The clauses of ``text``, each a list of lower-case words, compounds joined.

    ``clauses("No numbness, but I can't pee")`` is
    ``[["no", "numbness"], ["i", "cant", "pee"]]``.
    """
    found: list = []
    words: list = []
    current = ""
    for ch in text.lower() + ".":
        if ch.isalnum():
            current += ch
            continue
        if ch in "'\u2019`":  # can't -> cant
            continue
        if current:
            words.append(current)
            current = ""
        if ch in ".,;:!?()[]{}\n\u2026":
            if words:
                found.append(words)
            words = []
    result = []
    for clause in found:
        clause = _join(clause)
        part: list = []
        for word in clause:
            if word in CLAUSE_ENDS:
                if part:
                    result.append(part)
                part = []
            else:
                part.append(word)
        if part:
            result.append(part)
    return result


def _join(words: list) -> list:
    out: list = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            joined = COMPOUNDS.get(tuple(words[i : i + size]))
            if joined is not None:
                out.append(joined)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out


def _slot(text: str) -> tuple[frozenset, frozenset]:
    """(stems, exact words) one word of a phrasing stands for."""
    stems: set = set()
    exact: set = set()
    for choice in text.split("|"):
        more_stems, more_exact = _choice(choice)
        stems |= more_stems
        exact |= more_exact
    return frozenset(stems), frozenset(exact)


@cache
def _choice(choice: str) -> tuple[frozenset, frozenset]:
    """One alternative of a slot: a word, an exact word or a group (each group worked out once)."""
    members = GROUPS[choice[1:]].split() if choice.startswith("@") else [choice]
    stems = {stem(m) for m in members if not m.startswith("=")}  # members are single words
    exact = {m[1:] for m in members if m.startswith("=")}
    return frozenset(stems), frozenset(exact)


def compile_phrase(phrase: str) -> tuple:
    """A phrasing as a tuple of slots: ``compile_phrase("@numb down there")``."""
    return tuple(_slot(word) for word in _join(phrase.split()))


class Match:
    """One phrasing found in a text: which entry it belongs to, where, and whether denied."""

    __slots__ = ("key", "clause", "used", "denied")

    def __init__(self, key, clause: int, used: frozenset, denied: bool):
        self.key = key
        self.clause = clause
        self.used = used  # (clause, position) of each word the phrasing took
        self.denied = denied

    def __repr__(self) -> str:
        return f"Match({self.key!r}, denied={self.denied})"


class Index:
    """Phrasings indexed by the words they hold, so a text is compared only with the
    phrasings that share a word with it."""

    def __init__(self, entries):
        # entries: (key, phrase text)
        self.phrases: list = []
        self.by_stem: dict = {}
        self.by_exact: dict = {}
        for key, phrase in entries:
            slots = compile_phrase(phrase)
            number = len(self.phrases)
            self.phrases.append((key, slots))
            for stems, exact in slots:
                for s in stems:
                    self.by_stem.setdefault(s, set()).add(number)
                for e in exact:
                    self.by_exact.setdefault(e, set()).add(number)

    def state(self) -> tuple:
        """What the index holds, as plain values ``marshal`` can keep in a cache file."""
        return (self.phrases, self.by_stem, self.by_exact)

    @classmethod
    def restored(cls, state: tuple) -> Index:
        """An index from :meth:`state`, without compiling a phrase again."""
        index = cls.__new__(cls)
        index.phrases, index.by_stem, index.by_exact = state
        return index

    def find(self, text: str) -> list:
        """Every phrasing found in ``text`` (denied ones too, marked), once each per clause."""
        found: list = []
        for c, words in enumerate(clauses(text)):
            stems = [stem(w) for w in words]
            candidates: set = set()
            for w, s in zip(words, stems, strict=True):
                candidates |= self.by_stem.get(s, set()) | self.by_exact.get(w, set())
            for number in sorted(candidates):
                key, slots = self.phrases[number]
                used = _place(slots, words, stems)
                if used is None:
                    continue
                denied = _denied(words, used)
                found.append(Match(key, c, frozenset((c, i) for i in used), denied))
        return found


def _fits(slot, word: str, stemmed: str) -> bool:
    stems, exact = slot
    return stemmed in stems or word in exact


def _place(slots: tuple, words: list, stems: list):
    """Positions of the words that fill ``slots`` within a short stretch of the clause,
    in any order; the undenied placing first; None if they do not all fit."""
    size = len(slots)
    best = None
    for start in range(len(words)):
        if not any(_fits(slot, words[start], stems[start]) for slot in slots):
            continue
        end = min(len(words), start + size + SLACK)
        used = _assign(slots, words, stems, start, end)
        if used is None or not _held(words, used):
            continue
        if not _denied(words, used):
            return used
        best = best or used
    return best


def _assign(slots, words, stems, start, end):
    """Positions in [start, end) for each slot, the word at ``start`` among them (small
    backtracking search: phrasings have at most a handful of words)."""
    taken: list = []

    def fill(k: int) -> bool:
        if k == len(slots):
            return start in taken
        for i in range(start, end):
            if i not in taken and _fits(slots[k], words[i], stems[i]):
                taken.append(i)
                if fill(k + 1):
                    return True
                taken.pop()
        return False

    return sorted(taken) if fill(0) else None


# Between a denial word a phrasing holds ("no feeling", "can't pee") and the phrasing's next
# word, these turn the denial back on itself: "no loss of bowel control" is no sign.
UNDOING = frozenset({
    "loss", "lost", "lose", "problem", "problems", "trouble", "issue", "issues", "difficulty",
    "change", "changes", "pain",
})  # fmt: skip


def _held(words: list, used: list) -> bool:
    """Whether each denial word the phrasing holds goes with its next word ("can't pee",
    "can't really pee"), not with something in between ("no loss of bowel control")."""
    for k, i in enumerate(used[:-1]):
        if words[i] in NEGATIONS:
            j = used[k + 1]
            if j - i > 2 or any(words[m] in UNDOING for m in range(i + 1, j)):
                return False
    return True


def _denied(words: list, used: list) -> bool:
    """Whether a denial word reaches the phrasing at ``used`` (before it or inside it, not
    one of its own words), or a denial follows it ("not any more")."""
    first, last = used[0], used[-1]
    # before: back to DENIAL_REACH words, stopping at a word that ends a denial's reach
    i = first - 1
    while i >= 0 and first - i <= DENIAL_REACH and words[i] not in DENIAL_ENDS:
        if _denies(words, i):
            return True
        i -= 1
    # inside: "the saddle isn't numb"
    for i in range(first + 1, last):
        if i not in used and _denies(words, i):
            return True
    # after: "numbness down there, gone away now"; not after a phrasing that holds a denial
    # itself ("can't orgasm any more" is the sign, for longer)
    if any(words[i] in NEGATIONS for i in used):
        return False
    i = last + 1
    while i < len(words) and words[i] in LINKS:
        i += 1
    if i < len(words) and words[i] in FINE:  # "bladder fine", "my bladder is ok"
        return True
    for i in range(last + 1, min(len(words), last + 1 + DENIAL_REACH)):
        if words[i] in DENIAL_ENDS:
            break
        for denial in AFTER_DENIALS:
            if tuple(words[i : i + len(denial)]) == denial:
                return True
    return False


def _denies(words: list, i: int) -> bool:
    if words[i] not in NEGATIONS:
        return False
    following = words[i + 1] if i + 1 < len(words) else ""
    return following not in HEDGES


def words_in(text: str) -> list[str]:
    """Every word of ``text``, clause by clause, compounds joined."""
    return [word for clause in clauses(text) for word in clause]
