"""The data classes pickle cheaply (the parse cache and worker processes rely on it) and round-trip exactly."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import pytest
from conftest import SEED

from generator.model import Article, Briefing, Corpus, Entity, Mention, Paragraph, Related, SourceRelated, Span
from generator.parse import parse_seed

ARTICLE = Article(
    seed="a.txt",
    title="Title",
    date=dt.date(2025, 6, 2),
    paragraphs=(
        Paragraph((Span("plain"),)),
        Paragraph(()),
        Paragraph((Span("link only", "https://example.org"),)),
        Paragraph((Span("before "), Span("link", "https://example.org/a_(b)"), Span(" after"))),
    ),
    caption="Caption.",
    photo_credit="Photo / Agency",
    credit="Reuters contributed reporting.",
    source_name="Example",
    source_url="https://example.org/a",
    related_titles=("One", "Two"),
    warnings=("a.txt:1: a warning",),
    slug_hint="a-slug",
)
CORPUS = Corpus(
    briefings=(
        Briefing(
            ARTICLE,
            "2025-06-02-title",
            mentions=(Mention("people/x", 0, 0, 5),),
            linked=(Mention("people/x", 0, 0, 5),),
            related=(Related("other", 0.5, ("shared",)),),
            source_related=(SourceRelated("One", None),),
            referenced_by=("other",),
        ),
    ),
    entities=(Entity("people/x", "X", "person", ("Mr X",), ("role",), "about"),),
    warnings=("w",),
)


@pytest.mark.parametrize("value", [ARTICLE, CORPUS, parse_seed(SEED.read_text(encoding="utf-8"), SEED.name)])
def test_round_trip_is_equal_and_paragraph_text_is_rebuilt(value):
    for again in (pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)), copy.deepcopy(value)):
        assert again == value
        articles = [again] if isinstance(again, Article) else [b.article for b in again.briefings]
        for article in articles:
            assert all(p.text == "".join(s.text for s in p.spans) for p in article.paragraphs)


def test_pickling_does_not_look_up_dataclass_fields(monkeypatch):
    # The `__getstate__` slotted dataclasses get calls dataclasses.fields() per object: the cost this avoids.
    import dataclasses

    def refuse(*args, **kwargs):
        raise AssertionError("dataclasses.fields called while pickling")

    data = pickle.dumps(CORPUS, protocol=pickle.HIGHEST_PROTOCOL)
    monkeypatch.setattr(dataclasses, "fields", refuse)
    assert pickle.loads(pickle.dumps(CORPUS, protocol=pickle.HIGHEST_PROTOCOL)) == pickle.loads(data) == CORPUS
