"""`glutelog config`: settings checked on the way in, checked again on the way out."""

import json
import sqlite3

import pytest
from conftest import dump, rows

from glutelog import settings


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def fail(result, code=2):
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("glutelog: ")
    assert "Traceback" not in result.output
    return result


def stored(db_path) -> dict:
    return dict(rows(db_path, "SELECT key, value FROM settings"))


# key, the words a person types, what is kept, the start of what it means
EVERY_KEY = [
    ("schedule", ["Alternate"], "alternate", "one combined session every second day"),
    ("side", ["LEFT"], "left", "the left side gets one extra set"),
    ("older-adult", ["on"], "yes", "10-15 reps and stretches held up to 60 s"),
    ("gentle-start", ["y"], "yes", "each exercise starts one step easier"),
    ("band", ["n"], "no", "exercises that need a resistance band are swapped"),
    ("long-run", ["100", "min", "20km"], "100min 20km", "a run of 100 min or 20 km or more"),
    ("strength-days", ["Mon", "thu,", "sat"], "mon,thu,sat", "maintenance strength on Monday"),
    ("stretch-days", ["monday,tue,friday"], "mon,tue,fri", "maintenance stretching on Monday"),
]


@pytest.mark.parametrize(("key", "words", "kept", "means"), EVERY_KEY)
def test_set_show_and_unset_every_key(cli, db_path, key, words, kept, means):
    default = settings.KEYS[key].default
    assert ok(cli("config", key)).stdout == f"{default}\n"
    assert f"{key}  " in ok(cli("config")).stdout

    said = ok(cli("config", key, *words)).stdout
    assert said.startswith(f"{key} set to {kept}: {means}")
    assert stored(db_path)[key] == kept
    assert ok(cli("config", key)).stdout == f"{kept}\n"
    line = next(li for li in ok(cli("config")).stdout.splitlines() if li.startswith(key + " "))
    assert line.split() == [key, *kept.split()]  # no "(default)"

    said = ok(cli("config", "--unset", key)).stdout
    assert said.startswith(f"{key} is back to its default, {default}: ")
    assert key not in stored(db_path)
    assert ok(cli("config", key)).stdout == f"{default}\n"
    line = next(li for li in ok(cli("config")).stdout.splitlines() if li.startswith(key + " "))
    assert line.endswith("(default)")


def test_config_lists_every_key_with_its_help_and_json(cli):
    ok(cli("config", "side", "right"))
    text = ok(cli("config")).stdout
    for key, spec in settings.KEYS.items():
        assert key in text and spec.help in text and spec.allowed in text
    data = json.loads(ok(cli("config", "--json")).stdout)
    assert list(data) == list(settings.KEYS)
    assert data["side"] == {
        "value": "right",
        "default": False,
        "allowed": "left, right or both",
        "help": settings.KEYS["side"].help,
        "ignored": None,
    }
    assert data["schedule"]["value"] == "daily" and data["schedule"]["default"] is True
    assert json.loads(ok(cli("config", "side", "--json")).stdout) == {"side": data["side"]}


BAD = [
    (["side", "up"], "side must be left, right or both, got 'up'"),
    (["schedule", "weekly"], "schedule must be daily, alternate or maintenance, got 'weekly'"),
    (["older-adult", "maybe"], "older-adult must be yes or no, got 'maybe'"),
    (["band", ""], "band must be yes or no"),
    (["long-run", "90"], "long-run must be minutes and/or km"),
    (["long-run", "90min", "100min"], "long-run must be minutes and/or km"),
    (["long-run", "3x10min"], "long-run must be minutes and/or km"),
    (["long-run", "12", "reps"], "long-run must be minutes and/or km"),
    (["long-run", "500km"], "long-run km must be more than 0 and at most 300 km"),
    (["long-run", "0min"], "long-run minutes must be more than 0 and at most 240 min"),
    (["long-run", "--", "-5min"], "long-run must be minutes and/or km"),
    (["strength-days", "mon"], "strength-days must be at least 2 weekdays"),
    (["strength-days", "mon", "mon"], "strength-days must be at least 2 weekdays"),
    (["stretch-days", "mon", "wed", "funday"], "stretch-days must be at least 3 weekdays"),
    (["sid", "left"], "unknown setting 'sid' (did you mean side?); the settings are schedule,"),
    (["colour"], "unknown setting 'colour'"),
    (["--unset", "strenght-days"], "did you mean strength-days?"),
    (["side", "--unset", "side"], "give KEY [VALUE] or --unset KEY, not both"),
    (["side", "x" * 5000], "side must be left, right or both, got 'xxxxxxxx"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_values_and_keys_are_one_line_exit_2_and_change_nothing(cli, db_path, args, message):
    ok(cli("config", "side", "right"))
    ok(cli("config", "long-run", "80min"))
    before = dump(db_path)
    result = fail(cli("config", *args))
    assert message in result.stderr
    assert len(result.stderr) < 300
    assert dump(db_path) == before


def test_bad_input_never_creates_a_database(cli, db_path):
    import os

    fail(cli("config", "side", "up"))
    assert not os.path.exists(db_path)


BAD_STORED = {
    "schedule": "weekly",
    "side": "up\x1b[2J",
    "name": "Sam\x1b[2J",
    "older-adult": "perhaps",
    "gentle-start": "gently",
    "band": 7,
    "long-run": "90",
    "strength-days": "mon",
    "stretch-days": "mon,tue",
    "date-order": "sideways",
    "distance": "furlongs",
}


def test_a_bad_stored_value_falls_back_to_the_default(cli, db_path):
    ok(cli("config", "older-adult", "yes"))
    conn = sqlite3.connect(db_path)
    with conn:
        for key, value in BAD_STORED.items():
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))
    conn.close()

    text = ok(cli("config")).stdout
    assert "\x1b" not in text
    for key, spec in settings.KEYS.items():
        line = next(li for li in text.splitlines() if li.startswith(key + " "))
        assert line.split()[1:2] == (spec.default.split()[:1] or ["(default:"])  # name: none
        assert "is not valid)" in line, line
    assert ok(cli("config", "schedule")).stdout == "daily\n"
    assert ok(cli("config", "side")).stdout == "both\n"
    assert json.loads(ok(cli("config", "band", "--json")).stdout)["band"]["ignored"] == "7"
    assert "(daily schedule)" in ok(cli("plan")).stdout

    assert settings.typed(dict(BAD_STORED)) == settings.typed({})


def test_typed_gives_the_planner_its_values():
    assert settings.typed({}) == {
        "schedule": "daily",
        "side": None,
        "older_adult": False,
        "gentle_start": False,
        "band": True,
        "long_run_minutes": 90.0,
        "long_run_km": 15.0,
        "strength_days": [0, 3],
        "stretch_days": [0, 2, 4],
    }
    raw = {
        "schedule": "maintenance",
        "side": "right",
        "older-adult": "yes",
        "band": "no",
        "long-run": "75.5min 12.5km",
        "strength-days": "tue,fri",
        "stretch-days": "sun,mon,wed,fri",
        "unknown": "ignored",
    }
    assert settings.typed(raw) == {
        "schedule": "maintenance",
        "side": "right",
        "older_adult": True,
        "gentle_start": False,
        "band": False,
        "long_run_minutes": 75.5,
        "long_run_km": 12.5,
        "strength_days": [1, 4],
        "stretch_days": [0, 2, 4, 6],
    }


def test_plan_schedule_maintenance_is_accepted_and_remembered(cli, db_path):
    assert "(maintenance schedule)" in ok(cli("plan", "--schedule", "Maintenance")).stdout
    assert ok(cli("config", "schedule")).stdout == "maintenance\n"
    assert "(maintenance schedule)" in ok(cli("plan")).stdout
    before = dump(db_path)
    assert "daily, alternate or maintenance" in fail(cli("plan", "--schedule", "weekly")).stderr
    assert dump(db_path) == before


def test_export_import_round_trips_settings(cli, tmp_path):
    ok(cli("config", "side", "left"))
    ok(cli("config", "long-run", "100min"))
    ok(cli("config", "stretch-days", "mon", "wed", "sat"))
    ok(cli("plan", "--schedule", "maintenance"))
    exported = tmp_path / "export.json"
    ok(cli("export", "-o", str(exported)))
    assert json.loads(exported.read_text())["settings"] == {
        "long-run": "100min 15km",
        "schedule": "maintenance",
        "side": "left",
        "stretch-days": "mon,wed,sat",
    }
    other = str(tmp_path / "other.db")
    ok(cli("import", str(exported), "--db", other))
    assert ok(cli("config", "--json", "--db", other)).stdout == ok(cli("config", "--json")).stdout


def test_import_keeps_settings_in_their_checked_form(cli, db_path, tmp_path):
    data = json.loads(ok(cli("export")).stdout)
    data["settings"] = {"Older_Adult": "ON", "long-run": "20 km"}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    ok(cli("import", str(path)))
    assert stored(db_path) == {"older-adult": "yes", "long-run": "90min 20km"}


@pytest.mark.parametrize(
    ("found", "message"),
    [
        ({"side": "up"}, "setting 'side': side must be left, right or both, got 'up'"),
        ({"colour": "red"}, "setting 'colour': unknown setting 'colour'"),
        ({"band": True}, "setting 'band': must be short text"),
    ],
)
def test_import_refuses_a_bad_setting_and_writes_nothing(cli, db_path, tmp_path, found, message):
    ok(cli("done", "bridge", "12"))
    data = json.loads(ok(cli("export")).stdout)
    data["entries"] = [
        dict(data["entries"][0], id=9, day="2026-01-01", at="2026-01-01T08:00:00+00:00")
    ]
    data["settings"] = {"schedule": "alternate", **found}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    before = dump(db_path)
    result = fail(cli("import", str(path)))
    assert "import refused, nothing written" in result.stderr and message in result.stderr
    assert dump(db_path) == before
