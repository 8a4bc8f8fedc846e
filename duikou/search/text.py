"""Chinese text for the full-text index: what is stored for a record, what a query looks for, and the
snippet shown for a hit. Pure Python, the same for SQLite and PostgreSQL.

A record's text becomes a stream of tokens, space-separated, that both databases read as words
(PostgreSQL's ``simple`` configuration, SQLite FTS5's ``unicode61`` tokenizer):

* every two-character window (bigram) of each run of Chinese characters, in order (a lone character
  stays a one-character token): any substring of two or more characters of the text is then a phrase of
  adjacent bigrams, so “能源” is found inside “新能源汽车” although jieba does not cut it there;
* every run of Latin letters or digits, lowercased (full-width forms folded by NFKC);
* after them, jieba's search-mode words (``lcut_for_search``) of two or more Chinese characters: a
  whole-word hit (“新能源”, “园区” as a word rather than across “乐园区域”) counts again and ranks higher.

A query is cut into words by jieba (users do not type spaces: “哈尔滨汽车” is 哈尔滨 AND 汽车); each word
must occur as a substring (its bigram phrase, or the same word in the jieba part); one-character words
are dropped beside longer ones (的, 和, 市 …) and are a prefix match when the query has nothing else;
Latin and digit words are prefix matches (“2024-2301” finds the code 2024-230100-…).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# CJK Unified Ideographs, Extension A, compatibility ideographs and Extension B.
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df"
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
_CJK_ONLY = re.compile(rf"[{_CJK}]+")

MAX_TEXT = 8000  # characters of a record's body indexed (PostgreSQL numbers at most 16,383 positions)
MAX_WORD = 60  # a longer Latin or digit run is not a word anyone searches for
MAX_QUERY = 200  # characters of a query read
MAX_TERMS = 12  # words of a query used

_jieba = None
_jieba_lock = threading.Lock()


def _segmenter():
    """jieba, loaded once and quietly (it reads its dictionary in about a second and logs to stderr)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


def normalize(text: str) -> str:
    """Full-width letters and digits folded (ＡＢＣ１２３ → abc123), lowercased."""
    return unicodedata.normalize("NFKC", text or "").lower()


def _is_cjk(run: str) -> bool:
    return bool(_CJK_ONLY.fullmatch(run))


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str, *, limit: int = MAX_TEXT) -> str:
    """The token stream stored for ``text`` (see the module docstring)."""
    text = normalize(text)[:limit]
    grams: list[str] = []
    for run in _RUN.findall(text):
        if _is_cjk(run):
            grams.extend(_bigrams(run))
        elif len(run) <= MAX_WORD:
            grams.append(run)
    words = [w for w in _segmenter().lcut_for_search(text) if len(w) >= 2 and _is_cjk(w)] if grams else []
    return " ".join(grams + words)


@dataclass(frozen=True)
class Term:
    """One word of a query: a phrase of adjacent tokens, or the same ``word`` whole; or a prefix."""

    text: str
    phrase: tuple[str, ...]
    word: str = ""
    prefix: bool = False


def query_terms(query: str) -> list[Term]:
    """The words a query looks for, all of which a hit contains. Empty for a blank or punctuation-only
    query."""
    text = normalize(query)[:MAX_QUERY]
    terms: list[Term] = []
    singles: list[Term] = []
    for run in _RUN.findall(text):
        if not _is_cjk(run):
            if len(run) <= MAX_WORD:
                terms.append(Term(text=run, phrase=(run,), prefix=True))
            continue
        for piece in _segmenter().lcut(run):
            if len(piece) == 1:
                singles.append(Term(text=piece, phrase=(piece,), prefix=True))
            else:
                terms.append(Term(text=piece, phrase=tuple(_bigrams(piece)), word=piece if len(piece) > 2 else ""))
    if not terms:
        terms = singles
    unique = list(dict.fromkeys(terms))
    return unique[:MAX_TERMS]


# --- the same query in each database's syntax (tokens hold only CJK characters, a-z and 0-9) ----------


def fts5_query(terms: list[Term]) -> str:
    """SQLite FTS5: ``("新能 能源" OR "新能源") AND "汽车" AND "tes"*``."""
    parts = []
    for term in terms:
        phrase = '"' + " ".join(term.phrase) + '"'
        if term.prefix:
            parts.append(phrase + "*")
        elif term.word:
            parts.append(f'({phrase} OR "{term.word}")')
        else:
            parts.append(phrase)
    return " AND ".join(parts)


def tsquery(terms: list[Term]) -> str:
    """PostgreSQL ``to_tsquery('simple', …)``: ``('新能' <-> '能源' | '新能源') & '汽车' & 'tes':*``."""
    parts = []
    for term in terms:
        phrase = " <-> ".join(f"'{token}'" for token in term.phrase)
        if term.prefix:
            parts.append(f"{phrase}:*")
        elif term.word:
            parts.append(f"({phrase} | '{term.word}')")
        else:
            parts.append(f"({phrase})")
    return " & ".join(parts)


# --- what a hit shows ----------------------------------------------------------------------------------


def _spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Where the query's words occur in ``text`` (case-insensitive), merged where they overlap."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lowercase is longer: no highlighting
        return []
    spans = []
    for needle in needles:
        start = lowered.find(needle)
        while needle and start != -1:
            spans.append((start, start + len(needle)))
            start = lowered.find(needle, start + len(needle))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, terms: list[Term], width: int | None) -> list[tuple[str, bool]]:
    """``text`` (lines joined by " · ", whitespace collapsed) cut into pieces, each marked or not; with
    ``width``, only a window of about that many characters around the first hit (or the beginning), with
    "…" where cut."""
    text = " · ".join(" ".join(line.split()) for line in (text or "").splitlines() if line.strip())
    spans = _spans(text, [term.text for term in terms])
    start, end = 0, len(text)
    if width is not None and len(text) > width:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - width // 4, len(text) - width))
        end = start + width
    pieces, position = [("…", False)] if start else [], start
    for span_start, span_end in spans:
        if span_end <= position or span_start >= end:
            continue
        span_start, span_end = max(span_start, position), min(span_end, end)
        pieces += [(text[position:span_start], False), (text[span_start:span_end], True)]
        position = span_end
    pieces.append((text[position:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return [(piece, marked) for piece, marked in pieces if piece]


def highlight(text: str, terms: list[Term], *, width: int | None = None) -> SafeString:
    """``text`` escaped, the query's words in ``<mark>`` (see ``_window`` for ``width``)."""
    html = "".join(f"<mark>{escape(piece)}</mark>" if marked else escape(piece)
                   for piece, marked in _window(text, terms, width))
    return mark_safe(html)  # noqa: S308 - every piece is escaped above


def plain_snippet(text: str, terms: list[Term], *, width: int = 120) -> str:
    """The same window as plain text (for the API)."""
    return "".join(piece for piece, _ in _window(text, terms, width))
