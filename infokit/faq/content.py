"""A brand's questions and answers, ready for the HTML page, the fragment and Markdown.

Default answers come from the FAQ catalogue in the industry's words, with the brand's
name, contacts and links put in; the brand's own answers (``faq:``) replace them, and
``faq.extra`` adds questions at the end. Every answer is parsed once and written out as
HTML, Markdown and plain text from the same tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from infokit.brand import Brand, link_display
from infokit.faq import QUESTION_KEYS, catalog, markdown


@dataclass(frozen=True)
class Entry:
    key: str
    """A question key (``payment``) or ``extra.N``: the anchor on the page."""
    question: str
    html: str
    """Markup made by markdown-it only; every brand character in it is escaped."""
    markdown: str
    default: bool
    """True when the brand has not written this answer itself."""

    @property
    def anchor(self) -> str:
        return "q-" + self.key.replace(".", "-")


def entries(brand: Brand, language: str | None = None) -> list[Entry]:
    language = language or brand.language
    found: list[Entry] = []
    for question in catalog.questions(language, brand.industry):
        if question.key in brand.faq.answers:
            own = brand.faq.answers[question.key]
            if own is not None:
                found.append(_entry(question.key, _fill(question.question, brand), own, brand, default=False))
            continue
        found.append(
            _entry(
                question.key, _fill(question.question, brand), _default_answer(question, brand), brand, True
            )
        )
    for i, (question_text, answer) in enumerate(brand.faq.extra):
        found.append(_entry(f"extra.{i}", _fill(question_text, brand), answer, brand, default=False))
    return found


def default_keys(brand: Brand) -> list[str]:
    """The questions still answered by infokit's general words: marketing should review them."""
    return [key for key in QUESTION_KEYS if key not in brand.faq.answers]


def _default_answer(question: catalog.Question, brand: Brand) -> str:
    """The catalogue's answer plus a sentence for each link of the brand it mentions."""
    extra = " ".join(sentence for key, sentence in question.more if key in brand.links)
    return f"{question.answer}\n\n{extra}" if extra else question.answer


def _fill(text: str, brand: Brand) -> str:
    values = {
        "{{organization}}": brand.organization,
        **{  # as the infographic prints them: 1-800-FLOWERS, not the digits its link dials
            f"{{{{{key}}}}}": link_display(brand.links[key], brand.link_labels.get(key))
            if key in brand.links
            else ""
            for key in ("phone", "email")
        },
    }
    for token, value in values.items():
        text = text.replace(token, value)
    return text


def _entry(key: str, question: str, source: str, brand: Brand, default: bool) -> Entry:
    tokens = markdown.substitute(markdown.parse(source), lambda t: _fill(t, brand), brand.links)
    return Entry(
        key=key,
        question=question,
        html=markdown.to_html(tokens),
        markdown=markdown.to_markdown(tokens),
        default=default,
    )
