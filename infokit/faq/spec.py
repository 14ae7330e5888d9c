"""The brand file's optional ``faq:`` key: the brand's own answers.

    faq:
      payment: Virtual visits cost the same as visits in person; see [billing](https://...).
      who: false                 # drops the question
      extra:
        - question: Can a relative join me?
          answer: Yes. Tell us when you book.

brand.py calls ``validate`` with its own reporting helpers, so every problem reads like
any other brand problem: file, line, ``faq.<key>``, what is allowed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from infokit.faq import QUESTION_KEYS

KEYS = (*QUESTION_KEYS, "extra")
MAX_ANSWER = 2000
MAX_QUESTION = 200
MAX_EXTRA = 20
TOKENS = ("{{organization}}",)


@dataclass(frozen=True)
class FaqAnswers:
    """What the brand says about its FAQ. ``answers[key]`` is Markdown, or None for a
    question the brand dropped; a key not in ``answers`` keeps the default answer."""

    answers: Mapping[str, str | None]
    extra: tuple[tuple[str, str], ...] = ()

    def as_data(self) -> dict[str, Any]:
        return {"answers": dict(sorted(self.answers.items())), "extra": [list(e) for e in self.extra]}


NO_ANSWERS = FaqAnswers({})


class Reporter(Protocol):
    """The parts of brand.py's validator used here."""

    warnings: list[str]
    """``key: message`` lines that check, build and batch show (and --strict refuses)."""

    def fail(self, key_path: tuple[str, ...], message: str) -> None: ...

    def label_problem(self, text: str, url: str) -> str | None:
        """Why a link's printed ``text`` reads as another destination than ``url``."""

    def string(
        self,
        key_path: tuple[str, ...],
        value: Any,
        *,
        max_len: int,
        tokens: tuple[str, ...] = (),
        printed: bool = True,
    ) -> str | None: ...


def validate(
    value: Any,
    v: Reporter,
    suggest: Callable[[str, tuple[str, ...]], str],
    link_problem: Callable[[str], str | None],
) -> FaqAnswers:
    if value is None:
        return NO_ANSWERS
    if not isinstance(value, dict):
        v.fail(("faq",), f"must be a mapping of questions ({', '.join(KEYS)}) to answers")
        return NO_ANSWERS
    answers: dict[str, str | None] = {}
    for key, item in value.items():
        if key not in KEYS:
            v.fail(
                ("faq", key), f"is not a question.{suggest(str(key), KEYS)} Allowed here: {', '.join(KEYS)}."
            )
        elif key != "extra":
            if item is False:
                answers[key] = None
            else:
                answer = _answer(("faq", key), item, v, link_problem)
                if answer is not None:
                    answers[key] = answer
    extra = _extra(value.get("extra"), v, link_problem)
    if all(answers.get(key, "") is None for key in QUESTION_KEYS) and not extra and not value.get("extra"):
        # An empty page and an empty FAQPage are never what anyone wants.
        v.fail(
            ("faq",),
            "drops all nine questions and adds none; keep at least one question "
            "(remove a 'false') or add one under extra:",
        )
    return FaqAnswers(answers, extra)


def _answer(
    key_path: tuple[str, ...], item: Any, v: Reporter, link_problem: Callable[[str], str | None]
) -> str | None:
    if item is True:
        v.fail(key_path, "is true; write the answer, or false to drop the question")
        return None
    if not isinstance(item, str):
        v.string(key_path, item, max_len=MAX_ANSWER)  # reports the wrong type
        return None
    # Answers span lines (paragraphs, lists); every other check is the one all text gets.
    text = unicodedata.normalize("NFC", item.replace("\r\n", "\n")).strip()
    if v.string(key_path, text.replace("\n", " "), max_len=MAX_ANSWER, tokens=TOKENS, printed=False) is None:
        return None
    from infokit.faq import markdown  # markdown-it only when a brand writes answers

    bad = False
    for printed, url in markdown.labelled_links(text):
        problem = link_problem(url)
        if problem or url.lower().startswith(markdown.PLACEHOLDER_SCHEME):
            v.fail(
                key_path, f"link {url[:80]!r}: {problem or 'use a full address, e.g. https://example.com'}"
            )
            bad = True
        elif misleading := v.label_problem(printed, url):
            # Refused, not warned: the page is published as it stands, and a reader trusts the
            # address it shows; the fix (words, or the same address) takes a moment.
            v.fail(key_path, f"link [{printed[:60]}]: {misleading}")
            bad = True
    if bad:
        return None
    _warn_unsupported(key_path, text, v)
    return text


def _warn_unsupported(key_path: tuple[str, ...], text: str, v: Reporter) -> None:
    from infokit.faq import markdown

    key = ".".join(key_path)
    shown = markdown.unsupported(text)
    if shown:
        v.warnings.append(
            f"{key}: uses Markdown the FAQ does not support ({', '.join(shown)}); it shows as typed. "
            "Supported: paragraphs, - and 1. lists, **bold**, *italic* and [links](https://...)"
        )
    if markdown.literal_emphasis(text):
        v.warnings.append(
            f"{key}: '**' shows as typed: bold cannot end between punctuation and a letter "
            "(**'free'**s, **'무료'**입니다); put the quotes inside or outside both markers "
            "('**무료**'입니다)"
        )


def _extra(value: Any, v: Reporter, link_problem: Callable[[str], str | None]) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        v.fail(("faq", "extra"), "must be a list of {question: ..., answer: ...}")
        return ()
    if len(value) > MAX_EXTRA:
        message = f"has {len(value):,} questions; at most {MAX_EXTRA}: keep the ones asked most"
        v.fail(("faq", "extra"), message)
        return ()
    extra = []
    for i, item in enumerate(value, start=1):
        at = ("faq", "extra", str(i))
        if not isinstance(item, dict):
            v.fail(at, "must be a mapping with question: and answer:")
            continue
        for key in item:
            if key not in ("question", "answer"):
                v.fail((*at, str(key)), "is not a known key. Allowed here: question, answer.")
        question = v.string(
            (*at, "question"), item.get("question"), max_len=MAX_QUESTION, tokens=TOKENS, printed=False
        )
        answer = _answer((*at, "answer"), item.get("answer"), v, link_problem)
        if question and answer:
            extra.append((question, answer))
    return tuple(extra)
