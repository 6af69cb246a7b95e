"""Every spelling of a patient identifier the issue lists is refused, naming its kind and never
echoing it; checked on the guard itself (the fields and platforms are tested elsewhere)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.guard import DATE_OF_BIRTH, HOSPITAL_NUMBER, NHS_NUMBER, check_text

TODAY = date(2027, 3, 2)
NHS = "9434765919"  # passes the Modulus 11 check


def kind(text: str, patterns: tuple[str, ...] = ()) -> str | None:
    refusal = check_text(text, patterns, today=TODAY)
    return refusal.kind if refusal else None


@pytest.mark.parametrize(
    "text",
    [
        "Mr Smith 943 476 5919 fell",
        "nhs 9434765919",
        "943.476.5919",
        "943/476/5919",
        "943\u2013476\u20135919",  # en dashes
        "943\u2014476\u20145919",  # em dashes
        "943_476_5919",
        "9 4 3 4 7 6 5 9 1 9",
        "943 4765 919",  # 3-4-3
        "9434 765 919",
        "943.476-5919",  # mixed separators
        "943  476   5919",  # double spaces
        "943\u200b476\u200b5919",  # zero-width spaces
        "943\u00a0476\u00a05919",  # no-break spaces
        "943\u202f476\u20605919",  # narrow no-break space, word joiner
        "943<b>476</b>5919",  # HTML tags (Teams)
        "943&nbsp;476&nbsp;5919",  # HTML entities
        "943&#8203;476&#x200B;5919",
        "<p>943</p><p>476 5919</p>",
        '<span class="x">943</span><br/>476<br>5919',
        "see <https://intranet.example|943 476 5919>",  # a Slack link's label
        "*943* _476_ ~5919~",  # chat formatting
        "`943` `476` `5919`",
        "(943) 476-5919",
        "\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19",  # fullwidth digits
        "NHS no: 943 476 5919 1",  # a trailing digit does not hide it
        "bed 3 943 476 5919",
    ],
)
def test_an_nhs_number_is_refused_whatever_its_grouping(text: str) -> None:
    assert kind(text) == NHS_NUMBER


@pytest.mark.parametrize(
    "text",
    [
        "943 476 5918",  # fails the check digit
        "07700 900123",
        "0113 496 0000",
        "ext 4567 bleep 1234",
        "94347659190",  # 11 digits written as one number: a phone number, not an NHS number
    ],
)
def test_numbers_that_are_not_nhs_numbers_pass(text: str) -> None:
    assert kind(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "DOB 12/03/1956",
        "DOB12/03/1956",
        "dob:12/03/1956",
        "DOB: 12th March 1956",
        "D.O.B. 12/03/1956",
        "d.o.b 12.03.1956",
        "date of birth is 12/03/1956",
        "Date of birth: 1956-03-12",
        "birth date 12 March 1956",
        "birthdate 12-03-1956",
        "born on 12/03/1956",
        "born on the 12th of March",
        "dob 12031956",
        "DOB March 12, 1956",
        "DOB 12 Mar",
        "the baby, DOB 01/03/2027, is well",  # any date after the keyword
        "DOB&#58; 12/03/1956",
        "D.O.B\u200b: 12/03/1956",
    ],
)
def test_a_date_of_birth_after_any_keyword_spelling_is_refused(text: str) -> None:
    assert kind(text) == DATE_OF_BIRTH


@pytest.mark.parametrize(
    "text",
    [
        "Mr Smith (12/03/1948) fell",
        "seen 12.03.48 on the ward",
        "12-03-1948",
        "1948-03-12",
        "12 March 1948",
        "12th Mar 1948",
        "12th of March, 1948",
        "March 12, 1948",
        "Mar 12 1948",
        "3/12/2011",  # 16 years before 2027
        "12\u201303\u20131948",
        "12 / 03 / 1948",
    ],
)
def test_a_full_date_sixteen_or_more_years_ago_is_a_date_of_birth(text: str) -> None:
    assert kind(text) == DATE_OF_BIRTH


@pytest.mark.parametrize(
    "text",
    [
        "review on 12/03/2027",
        "due=2027-02-01",
        "since 1 March 2020",
        "12/03/2012",  # 15 years before 2027
        "review 12.03.29",
        "financial year 2026/27",
        "Sister Jo's birthday is 12 March, cake at 3",
        "born on the ward",
        "the DOB field on the form is confusing",
    ],
)
def test_recent_and_future_dates_pass(text: str) -> None:
    assert kind(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "MRN 1234567",
        "mrn: 1234567",
        "M.R.N. 12345678",
        "RXH1234567 waiting for a bed",
        "hospital no. K123456",
        "hospital number: A1234567",
        "Hosp No K123456",
        "hosp. no 123456",
        "unit number 1234567",
        "unit no: K 123 456",
        "PAS number 12345678",
        "PAS no. AB123456",
        "case note number 1234567",
        "casenote no K123456",
        "MRN<b>1234567</b>",
        "MRN 123&nbsp;4567",
    ],
)
def test_hospital_numbers_are_refused_without_any_configuration(text: str) -> None:
    assert kind(text) == HOSPITAL_NUMBER


def test_a_trust_adds_its_own_hospital_number_patterns() -> None:
    patterns = (r"\bQ\d{5}\b", r"\bZZ-\d{4}\b")
    assert kind("Q12345 waiting", patterns) == HOSPITAL_NUMBER
    assert kind("ZZ-1234 waiting", patterns) == HOSPITAL_NUMBER
    assert kind("Q12345 waiting") is None  # not a default format
    assert kind("Q1234 waiting", patterns) is None


def test_a_single_pattern_string_is_still_accepted() -> None:
    assert kind("Q12345 waiting", r"\bQ\d{5}\b") == HOSPITAL_NUMBER  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Mr Smith 943 476 5919 fell", "NHS number"),
        ("DOB 12/03/1956", "date of birth"),
        ("Mr Smith (12/03/1948) fell", "date of birth"),
        ("MRN 1234567", "hospital number"),
    ],
)
def test_the_refusal_names_the_kind_and_never_echoes_it(text: str, words: str) -> None:
    refusal = check_text(text, (), today=TODAY)
    assert refusal is not None and words in refusal.reason
    assert not any(part in refusal.reason for part in ("943", "5919", "1956", "1948", "1234567"))
    assert "nothing was saved" in refusal.reason.lower()
