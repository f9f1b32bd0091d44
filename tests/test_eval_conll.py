"""tools/eval_conll.py, the script behind `make eval-conll`: the CoNLL reader, the conversion to seeds
and the scoring. The snippets here are invented (no CoNLL-2003 text may be copied into the repository)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import load_tool

from generator.parse import parse_seed

# Two made-up documents in CoNLL-2003's four columns, IOB1 as the shared task's files are.
SNIPPET = """\
-DOCSTART- -X- -X- O

FOOTBALL NN I-NP O
- : O O
ZEPHYR NNP I-NP I-ORG
EDGE NNP I-NP O
PAST IN I-PP O
MARLOW NNP I-NP I-ORG
. . O O

NORTHPORT NNP I-NP I-LOC
1997-03-04 CD I-NP O

Zephyr NNP I-NP I-ORG
Rovers NNPS I-NP I-ORG
beat VBD I-VP O
Marlow NNP I-NP I-ORG
United NNP I-NP I-ORG
2-1 CD I-NP O
in IN I-PP O
Northport NNP I-NP I-LOC
on IN I-PP O
Tuesday NNP I-NP O
, , O O
with IN I-PP O
Tobias NNP I-NP I-PER
Quill NNP I-NP I-PER
's POS B-NP O
late JJ I-NP O
header NN I-NP O
for IN I-PP O
the DT I-NP O
Baltic NNP I-NP I-MISC
Cup NNP I-NP I-MISC
. . O O

" " O O
We PRP I-NP O
did VBD I-VP O
n't RB O O
panic VB I-VP O
, , O O
" " O O
Quill NNP I-NP I-PER
said VBD I-VP O
( ( O O
Reuters NNP I-NP I-ORG
) ) O O
. . O O

-DOCSTART- -X- -X- O

TENNIS NN I-NP O
- : O O
RESULTS NNS I-NP O
. . O O

Anna NNP I-NP I-PER
Vell NNP I-NP I-PER
( ( O O
Ruritania NNP I-NP I-LOC
) ) O O
beat VBD I-VP O
Ida NNP I-NP I-PER
Marr NNP I-NP I-PER
6-3 CD I-NP O
. . O O
"""


@pytest.fixture(scope="module")
def tool():
    return load_tool("eval_conll")


def test_reads_documents_sentences_and_the_tagging_scheme(tool, tmp_path):
    path = tmp_path / "snippet.conll"
    path.write_text(SNIPPET, encoding="utf-8")
    documents, scheme = tool.read_conll(path.read_text(encoding="utf-8").splitlines())
    assert scheme == "IOB1"
    assert [len(d.sentences) for d in documents] == [4, 2]
    assert [d.number for d in documents] == [1, 2]


def test_iob1_and_iob2_give_the_same_entities(tool):
    assert tool.entity_chunks(["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-LOC"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 6, "LOC"),
    ]
    assert tool.entity_chunks(["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"]) == [
        (0, 2, "PER"),
        (3, 4, "LOC"),
        (4, 6, "LOC"),
    ]
    assert tool.entity_chunks(["B-ORG", "I-LOC", "O"]) == [(0, 1, "ORG"), (1, 2, "LOC")]
    lines = "A x x B-PER\nB x x I-PER\n\nC x x B-ORG\n".splitlines()
    assert tool.read_conll(lines)[1] == "IOB2"


def test_detokenises_punctuation_clitics_and_quotes(tool):
    text, starts, still_open = tool.detokenise(
        ['"', "We", "did", "n't", "panic", ",", '"', "Quill", "'s", "coach", "said", "(", "Reuters", ")", "."]
    )
    assert text == "\"We didn't panic,\" Quill's coach said (Reuters)."
    assert text[starts[12] : starts[12] + len("Reuters")] == "Reuters"
    assert not still_open
    assert tool.detokenise(["$", "5", "million", "'"])[0] == "$5 million'"
    # A quotation left open by one sentence is closed by the next one's `"`.
    text, _, still_open = tool.detokenise(['"', "First", "."])
    assert still_open
    assert tool.detokenise(["More", "words", '"', "he", "said"], still_open)[0] == 'More words" he said'


def test_converts_a_document_to_a_seed_with_title_date_and_gold_spans(tool):
    documents, _ = tool.read_conll(SNIPPET.splitlines())
    seed = tool.to_seed(documents[0], "doc-00001.txt")
    assert seed.title == "FOOTBALL - ZEPHYR EDGE PAST MARLOW."
    assert seed.date == dt.date(1997, 3, 4)
    assert seed.text.startswith("# FOOTBALL - ZEPHYR EDGE PAST MARLOW.\n\nMarch 4, 1997\n\n")
    paragraphs = seed.text.split("\n\n")[2:]
    assert paragraphs[0].startswith("NORTHPORT 1997-03-04 - Zephyr Rovers beat Marlow United 2-1 in Northport")
    assert paragraphs[1].strip() == '"We didn\'t panic," Quill said (Reuters).'
    spans = [(s.surface, s.type, s.in_title) for s in seed.spans]
    assert spans == [
        ("ZEPHYR", "ORG", True),
        ("MARLOW", "ORG", True),
        ("NORTHPORT", "LOC", False),
        ("Zephyr Rovers", "ORG", False),
        ("Marlow United", "ORG", False),
        ("Northport", "LOC", False),
        ("Tobias Quill", "PER", False),
        ("Baltic Cup", "MISC", False),
        ("Quill", "PER", False),
        ("Reuters", "ORG", False),
    ]
    for span in seed.spans:
        assert seed.text[span.start : span.end] == span.surface
    article = parse_seed(seed.text, seed.name)  # the generator reads it as we meant it
    assert article.title == seed.title
    assert article.date == dt.date(1997, 3, 4)
    assert article.paragraphs[0].text.startswith("NORTHPORT 1997-03-04 - Zephyr Rovers")


def test_a_document_without_a_dateline_has_no_date_line(tool):
    documents, _ = tool.read_conll(SNIPPET.splitlines())
    seed = tool.to_seed(documents[1], "doc-00002.txt")
    assert seed.date is None
    assert seed.text == "# TENNIS - RESULTS.\n\nAnna Vell (Ruritania) beat Ida Marr 6-3.\n"
    assert [s.surface for s in seed.spans] == ["Anna Vell", "Ruritania", "Ida Marr"]


def test_scores_a_known_prediction(tool):
    documents, _ = tool.read_conll(SNIPPET.splitlines())
    seed = tool.to_seed(documents[0], "doc-00001.txt")
    predicted = [
        ("Zephyr Rovers", "organisation"),  # TP
        ("Marlow United", "place"),  # untyped TP, typed FP + FN
        ("Northport", "place"),  # TP (and NORTHPORT normalises to the same surface)
        ("Quill", "person"),  # TP
        ("Tobias Quill", "person"),  # TP
        ("Baltic Cup", "organisation"),  # a MISC surface: neither way
        ("Tuesday", "person"),  # FP
        ("Zephyr", "event"),  # events: neither way
    ]
    score = tool.score_document(seed.document, seed.title, seed.spans, predicted)
    # gold (headline left out): northport LOC, zephyr rovers ORG, marlow united ORG, tobias quill PER,
    # quill PER, reuters ORG
    assert len(score.gold) == 6
    assert (score.untyped.tp, score.untyped.fp, score.untyped.fn) == (5, 1, 1)
    assert (score.typed.tp, score.typed.fp, score.typed.fn) == (4, 2, 2)
    assert score.misc_dropped == 1
    assert (score.of_type("ORG").tp, score.of_type("ORG").fn) == (1, 2)
    assert (score.of_type("LOC").tp, score.of_type("LOC").fp) == (1, 1)
    assert round(score.untyped.f1, 3) == round(10 / 12, 3)
    with_title = tool.score_document(seed.document, seed.title, seed.spans, predicted, with_title=True)
    assert {s for s, _ in with_title.gold} - {s for s, _ in score.gold} == {"zephyr", "marlow"}
    assert tool.normalise("  O’Brien \n Street ") == "o'brien street"

    errors = tool.Errors()
    errors.add(score)
    assert errors.false_positives == {("tuesday", "PER"): 1}
    assert errors.false_negatives == {("reuters", "ORG"): 1}
    assert errors.confusions == {("marlow united", "ORG", "LOC"): 1}


def test_the_command_runs_the_generator_and_applies_the_bars(tool, tmp_path, capsys):
    path = tmp_path / "snippet.conll"
    path.write_text(SNIPPET, encoding="utf-8")
    kept = tmp_path / "kept"
    assert tool.main([str(path), "--per-doc", "--errors", "5", "--keep", str(kept), "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "2 documents (IOB1), 1 with a dateline" in out
    assert "untyped" in out and "articles/s" in out
    assert sorted(p.name for p in kept.iterdir()) == ["doc-00001.txt", "doc-00002.txt", "gold.tsv"]
    assert tool.main([str(path), "--min-typed-f1", "1.01", "--repeat", "1"]) == 1
    assert tool.main([str(tmp_path / "missing.conll")]) == 2
    (tmp_path / "eng.testb").write_text(SNIPPET, encoding="utf-8")
    assert tool.main([str(tmp_path / "eng.testb")]) == 2  # the held-out split is refused
