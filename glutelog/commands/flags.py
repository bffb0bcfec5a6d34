"""What `glutelog flag` does, the flag `glutelog done --tingling` stores with its set, and what a
note on `done`, `sore` or `flag` raises when it reads like a warning sign.

Red flags are warning symptoms (see ``redflags.py`` for the table): raising one tells the user
what to do at once; only ``flag --clear`` ends one (``undo`` and ``rm`` never touch flags).
A note that reads like an emergency or urgent sign raises a *suspected* flag: it pauses the
plan like any other until the person confirms it (``flag SIGN``) or says it is not new
(``flag --clear SIGN``).
"""

from __future__ import annotations

from glutelog.commands.common import checked_note, moment_of
from glutelog.commands.session import Session
from glutelog.commands.session import now_or_clock as _now
from glutelog.errors import BadInput
from glutelog.output import render
from glutelog.planner import redflags
from glutelog.planner.redflags import LEG, SURGERY, TINGLING
from glutelog.rules import rule
from glutelog.stdlib import date, datetime, time, timedelta

# Words after "tingling" that say it came during an exercise: "tingling during pigeon".
DURING = frozenset({"during", "while", "doing", "after", "with", "in", "on"})


def _flag_row(
    moment: datetime,
    symptom: str,
    exercise: str | None,
    note: str | None,
    suspected: bool = False,
    side: str | None = None,
    place: str | None = None,
) -> dict:
    """A flags row for Store.add_flag."""
    return {
        "at": moment.isoformat(timespec="seconds"),
        "day": moment.date().isoformat(),
        "symptom": symptom,
        "exercise": exercise,
        "note": note,
        "cleared_at": None,
        "cleared_day": None,
        "suspected": int(suspected),
        "side": side if symptom == LEG else None,
        "place": place if symptom == LEG else None,
    }


def _exercise_names(session: Session) -> dict:
    return {slug: e["name"] for slug, e in session.catalog.exercises.items()}


def tingling_row(moment: datetime, exercise: str) -> dict:
    """The flag `done --tingling` stores with its set."""
    return _flag_row(moment, TINGLING, exercise, None)


def raised_text(session: Session, row: dict, confirmed: bool = False) -> str:
    """What to do about a flag just raised (see render.flag_raised_text)."""
    flag = redflags.describe(row)
    names = _exercise_names(session)
    easier = None
    if flag["exercise"] is not None:
        exercise = session.catalog.exercises.get(flag["exercise"])
        easier = exercise and exercise["easier"] and names.get(exercise["easier"])
    text = render.flag_raised_text(flag, names, easier)
    if confirmed:
        text = text.replace(f"Recorded as f{flag['id']}", f"Confirmed f{flag['id']}", 1)
    if flag["symptom"] == SURGERY:
        text += "\n" + surgery_text(flag, session.catalog, row["day"])
    return render.alert(text, flag["tier"])


def surgery_text(flag: dict, catalog, today: str) -> str:
    """What a surgery flag does to the plan, in plain words."""
    if flag["gentle_until"] is not None and flag["gentle_until"] >= today:
        return (
            f"Surgery on {flag['day']}: until your surgeon clears exercise, the plan keeps to "
            f"walks and the easiest stretches (no strength, no deep stretches such as pigeon), "
            f"at most until {flag['gentle_until']}. When cleared: glutelog flag --clear surgery"
        )
    return (
        f"Surgery on {flag['day']}, more than {rule('surgery_months')} months ago: the plan is "
        "not changed; ask your "
        "surgeon or physiotherapist if anything should be avoided."
    )


def flag(
    db=None, words=None, note=None, at=None, clear=False, as_json=False, now=None, ask=None
) -> str:
    """Raise a flag (``words`` name the sign in the person's own words, then the exercise for
    tingling during one), clear flags (``clear``: all in force, or only the sign named), or
    list every sign and those in force; with ``as_json`` the same as JSON (see docs/json.md,
    `flag --json`). ``ask(question, choices)``, given on a terminal, picks among the readings
    of unclear words (returns an index, or None); without it unclear words are refused with
    the command for each reading.

    ``flag(words=["trouble", "peeing"])`` records new trouble passing urine (emergency).
    """
    now = _now(now)
    words = list(words or [])
    note = checked_note(note)
    moment, aside = moment_of(at, now, db)
    if note is not None and (clear or not words):
        raise BadInput(
            "--note is kept with a raised flag: name the sign, e.g. `glutelog flag saddle`"
        )
    if not words and not clear:
        return _flag_list(db, moment.date(), as_json, now.date()) + ("" if as_json else aside)
    if clear:
        symptom, rest = redflags.split(words) if words else (None, [])
        with Session(db) as session:
            exercise = session.catalog.resolve(" ".join(rest))["slug"] if rest else None
            text = _clear_flags(session, symptom, exercise, moment, now.date(), as_json)
            return text + ("" if as_json else aside)
    with Session(db) as session:
        reading = _read(session, words, ask)
        moment = _dated(reading, moment, at is not None, now)
        rows, confirm, texts = _raise(session, reading, moment, note)
        heard_rows, heard = note_flags(session, note, moment, rows, now) if note else ([], "")
        session.store.command = " ".join(["flag", *words])
        session.store.add_flags(rows + heard_rows, [row["id"] for row in confirm])
        if as_json:
            done = [redflags.describe(row) | {"note": row["note"]} for row in rows + confirm]
            return render.dumps({"raised": done[0], "flags": done, "heard": heard or None})
        shown = [raised_text(session, row) for row in rows]
        shown += [raised_text(session, row, confirmed=True) for row in confirm]
        return "\n".join(shown + texts) + heard_text(heard_rows, heard) + aside


def _read(session: Session, words: list, ask) -> dict:
    """What the words typed after `flag` mean: ``{"exercise": slug}`` for tingling during an
    exercise, else a redflags.read reading; unclear words are asked about (``ask``) or refused.
    """
    text = " ".join(words)
    size = redflags.tingling_words(words)
    try:
        if size:
            found = _tingling(session, words, size)
            if found is not None:
                return found
        return redflags.read(text) | {"text": text}
    except redflags.Unclear as unclear:
        if ask is None:
            raise
        chosen = ask(unclear.question, [offer for offer, _ in unclear.choices])
        if chosen is None or not 0 <= chosen < len(unclear.choices):
            raise BadInput("nothing was recorded: no answer was chosen") from None
        return unclear.choices[chosen][1] | {"text": text}


def _tingling(session: Session, words: list, size: int) -> dict | None:
    """Tingling named first: during an exercise ("tingling pigeon", "pins and needles during
    the bridge"), or None when the words say where in a leg ("tingling left foot")."""
    rest = [w for w in words[size:]]
    during = False
    while rest and redflags.sign_key(rest[0]) in redflags.FILLERS | DURING:
        during = during or redflags.sign_key(rest[0]) in DURING - {"in", "on"}
        rest.pop(0)
    if not rest:
        raise BadInput(
            "say which exercise it happened in (`glutelog flag tingling pigeon`) or where in "
            "the leg (`glutelog flag tingling left foot`)"
        )
    side, place = redflags.leg_detail(" ".join(rest))
    named = session.catalog.names.get(redflags.sign_key(" ".join(rest)))
    if not during and (side or place):
        if named is not None and side is None:  # "tingling calf": in the calf, or the stretch?
            name = session.catalog.exercises[named]["name"]
            raise redflags.Unclear(
                f"{' '.join(words)!r} could mean tingling during {name} or in the {place}; "
                f"nothing was recorded; say which: glutelog flag tingling during {named}; "
                f"glutelog flag tingling left {place} (or right)",
                "Did it happen during the exercise or is it in the leg?",
                [
                    (f"during {name}", {"exercise": named, "signs": [TINGLING]}),
                    (
                        f"in the {place}",
                        {"signs": [LEG], "also": [], "side": None, "place": place},
                    ),
                ],
            )
        return None
    return {"exercise": session.catalog.resolve(" ".join(rest))["slug"], "signs": [TINGLING]}


def _dated(reading: dict, moment: datetime, typed: bool, now: datetime) -> datetime:
    """The moment a sign is recorded at: a surgery's day said in its words ("6 weeks ago"),
    else ``moment``; refused when too long ago (``sign_max_age_days``, a surgery's
    ``surgery_max_age_years``)."""
    today = now.date()
    surgery = reading["signs"] == [SURGERY]
    if surgery and not typed:
        day = redflags.when(reading.get("text", ""), today)
        if day is not None:
            if day > today:
                raise BadInput(f"the surgery's date {day.isoformat()} is in the future")
            moment = datetime.combine(day, time(12)).astimezone() if day != today else moment
    if surgery:
        years = rule("surgery_max_age_years")
        earliest = redflags.clamped(today.year - years, today.month, today.day)
        what = f"a surgery is dated within the last {years} years"
    else:
        earliest = today - timedelta(days=rule("sign_max_age_days"))
        what = "a warning sign is dated within the last year"
    if moment.date() < earliest:
        raise BadInput(
            f"{what} (from {earliest.isoformat()}), not {moment.date().isoformat()}; tell "
            "your clinician about older ones"
        )
    return moment


def _raise(session: Session, reading: dict, moment: datetime, note: str | None):
    """(rows to add, suspected rows to confirm, lines to add) for a reading."""
    day = moment.date().isoformat()
    if reading.get("exercise") is not None:
        return [_flag_row(moment, TINGLING, reading["exercise"], note)], [], []
    in_force = session.store.flag_rows(day)
    suspected = {
        row["symptom"]: row
        for row in in_force
        if row["suspected"] and row["cleared_day"] is None and row["day"] <= day
    }
    rows, confirm = [], []
    for slug in reading["signs"]:
        if slug in suspected:
            confirm.append(suspected[slug])
        else:
            side, place = reading.get("side"), reading.get("place")
            rows.append(_flag_row(moment, slug, None, note, side=side, place=place))
    texts = []
    also = reading.get("also", [])
    if also:
        named = "; ".join(
            f"{redflags.label(s, side=reading.get('side'), place=reading.get('place'))}: "
            f"{redflags.command_for(s, reading)}"
            for s in also
        )
        texts.append(f"Your words also mention {named}.")
    return rows, confirm, texts


def note_flags(
    session: Session, note: str, moment: datetime, raising=(), now: datetime | None = None
) -> tuple[list, dict]:
    """(flag rows to store with the command, what was heard) for a note on `done`, `sore` or
    `flag`: a suspected flag for each emergency or urgent sign it reads like (unless one is in
    force or being raised), a symptom to watch for tingling in one leg, and words that were
    unclear. Nothing is stored here: the command stores the rows with its own write."""
    heard = hear_note(note)
    if not heard["pausing"] and not heard["leg"]:
        return [], heard
    oldest = _now(now).date() - timedelta(days=rule("sign_max_age_days"))
    if moment.date() < oldest:  # an old diary logged now: said, not flagged as new
        heard["old"] = heard["pausing"]
        heard["pausing"], heard["leg"] = [], None
        return [], heard
    day = moment.date().isoformat()
    in_force = redflags.active(session.store.flag_rows(day), day)
    taken = {f["symptom"] for f in in_force} | {row["symptom"] for row in raising}
    rows = []
    for slug in heard["pausing"]:
        if slug not in taken:
            rows.append(_flag_row(moment, slug, None, note, suspected=True))
    heard["already"] = [s for s in heard["pausing"] if s in taken]
    if heard["leg"] and LEG not in taken:
        side, place = heard["leg"]
        rows.append(_flag_row(moment, LEG, None, note, side=side, place=place))
    return rows, heard


def hear_note(note: str) -> dict:
    """What a note says: ``pausing`` (emergency and urgent signs), ``leg`` ((side, place) of
    tingling or numbness in one leg, or None), ``others`` (routine signs) and ``unclear``
    (the message naming the readings of unclear words, or None)."""
    heard = redflags.hear(note)
    signs = heard["signs"]
    pausing = [s for s in signs if redflags.BY_SLUG[s]["tier"] in redflags.PAUSING]
    leg = (heard["side"], heard["place"]) if LEG in signs else None
    unclear = None
    top = min((redflags.TIER_ORDER[redflags.BY_SLUG[s]["tier"]] for s in signs), default=9)
    if any(redflags.tier_of(n) < top for n in heard["unclear"]):
        try:
            redflags.read(note)
        except redflags.Unclear as exc:
            unclear = exc.message.split("; say which: ", 1)[-1]
        except BadInput:
            unclear = None
    others = [s for s in signs if redflags.BY_SLUG[s]["tier"] == "routine"]
    return {
        "pausing": pausing,
        "leg": leg,
        "others": others,
        "unclear": unclear,
        "already": [],
        "old": [],
    }


def heard_text(rows: list, heard) -> str:
    """What a command adds to its confirmation about its note ("" when nothing was heard);
    ``rows`` as stored (with their ids)."""
    if not heard:
        return ""
    lines = []
    suspected = [row for row in rows if row["suspected"]]
    for row in suspected:
        flag = redflags.describe(row)
        lines.append(
            f"Your note sounds like a warning sign: {flag['label']}. {flag['advice']} Your plan "
            f"is paused until you answer: if this is new, `glutelog flag {flag['symptom']}`; "
            f"if it is not new, `glutelog flag --clear {flag['symptom']}` (suspected "
            f"f{row['id']})."
        )
    for slug in heard["already"]:
        lines.append(
            f"Your note mentions {redflags.label(slug)}, already flagged and in force "
            f"(`glutelog flag {slug}` confirms it, `glutelog flag --clear {slug}` ends it). "
            f"{redflags.TIERS[redflags.BY_SLUG[slug]['tier']]}"
        )
    for row in rows:
        if row["symptom"] == LEG:
            flag = redflags.describe(row)
            lines.append(
                f"Your note mentions {flag['label']}: recorded as a symptom to watch "
                f"(f{row['id']}); it does not pause the plan. If it spreads or comes with "
                "weakness: glutelog flag spreading-numbness"
            )
    if heard["unclear"]:
        lines.append(
            f"Your note mentions a possible warning sign; if it is one: {heard['unclear']}"
        )
    for slug in heard["old"]:
        lines.append(
            f"Your note mentions {redflags.label(slug)}; it is dated more than a year ago, so "
            f"no flag was raised. If it is happening now: glutelog flag {slug}"
        )
    for slug in heard["others"]:
        lines.append(
            f"Your note mentions {redflags.label(slug)}: to record it, glutelog flag {slug}"
        )
    return "".join(f"\n{line}" for line in lines)


def refused_warning(note: str | None) -> str:
    """For a command refused for another reason: what its note warns of, to say first, or ""."""
    if not note:
        return ""
    heard = hear_note(note)
    if not heard["pausing"]:
        return ""
    first = redflags.BY_SLUG[heard["pausing"][0]]
    names = ", ".join(redflags.label(s) for s in heard["pausing"])
    commands = " or ".join(f"`glutelog flag {s}`" for s in heard["pausing"])
    return (
        f"your note sounds like a warning sign ({names}): {redflags.TIERS[first['tier']]} "
        f"Record it with {commands}. Nothing was logged"
    )


def _in_force_json(in_force: list) -> dict:
    return {"in_force": in_force, "pause": redflags.pause_message(in_force) or None}


def _flag_list(db, day: date, as_json: bool = False, today: date | None = None) -> str:
    with Session(db) as session:
        in_force = redflags.active(session.store.flag_rows(day.isoformat()), day)
        if as_json:
            keys = ("slug", "tier", "label", "aliases")
            signs = [{key: s[key] for key in keys} for s in redflags.SYMPTOMS]
            return render.dumps({"signs": signs, **_in_force_json(in_force)})
        return render.flag_list_text(in_force, _exercise_names(session))


def _clear_flags(
    session: Session,
    symptom: dict | None,
    exercise: str | None,
    moment,
    today: date,
    as_json: bool = False,
) -> str:
    """Clear the flags in force on the day of ``moment``; then say what is in force *today*
    (a flag raised after that day still is), as the plan will."""
    day = moment.date().isoformat()
    slug = symptom["slug"] if symptom is not None else None
    session.store.command = " ".join(["flag --clear", *([slug] if slug else [])])
    cleared = session.store.clear_flags(
        slug, moment.isoformat(timespec="seconds"), day, exercise, select=redflags.active
    )
    names = _exercise_names(session)
    still = redflags.active(session.store.flag_rows(today.isoformat()), today)
    if as_json:
        done = [redflags.describe(row) for row in cleared]
        return render.dumps({"cleared": done, **_in_force_json(still)})
    return render.flags_cleared_text(
        [redflags.describe(row) for row in cleared], still, names, symptom
    )
