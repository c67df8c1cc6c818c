"""Search of the public innovation database.

On PostgreSQL an entry matches when any of these finds it:

- full-text search in Indonesian on the title and the section answers
  (the ``indonesian`` configuration stems "Pelayanan" and "layanan" to "layan"),
- a case-insensitive substring of the title (served by a pg_trgm index),
- the initials of the title's words ("SSW" for "Surabaya Single Window"),
- the agency's name or the work unit's name or abbreviation.

The vector expressions below must stay identical to the expression indexes
that portal/migrations/0002_search_indexes.py creates, or PostgreSQL stops
using those indexes. SQLite, the zero-setup development database, gets a
plain substring search on the same fields.

When nothing matches, the list tries again with trigram similarity on the
title, which finds "Surabaya Single Window" for "Surabya Singel Windo".
"""
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import BooleanField, CharField, Exists, F, FloatField, Func, OuterRef, Q, Value
from django.utils.html import escape
from django.utils.safestring import mark_safe

from innovations.models import Answer, Innovation

SEARCH_CONFIG = "indonesian"
# Private-use characters mark the matches inside ts_headline's output, so the
# text can be HTML-escaped first and the markers turned into <mark> after.
MATCH_START = "\ue000"
MATCH_END = "\ue001"
HEADLINE_OPTIONS = {"start_sel": MATCH_START, "stop_sel": MATCH_END}
MARKER_PATTERN = re.compile(f"({MATCH_START}|{MATCH_END})")
# An acronym is one word of 3 to 10 letters or digits, such as "SSW" or "PTSP".
# Three is the least that a trigram index can look up.
ACRONYM_MIN_LENGTH = 3
ACRONYM_MAX_LENGTH = 10
# Similarity search compares each query word of at least this many letters,
# and at most this many words, with the title.
MIN_FUZZY_WORD_LENGTH = 3
MAX_FUZZY_WORDS = 5


class IndonesianVector(Func):
    """to_tsvector('indonesian', column), the expression of the full-text indexes."""

    template = "to_tsvector('indonesian'::regconfig, %(expressions)s)"
    output_field = SearchVectorField()


class WordInitials(Func):
    """The upper-case initials of a text's words: "Surabaya Single Window (SSW)" gives "SSWS"."""

    template = "upper(regexp_replace(%(expressions)s, '([[:alnum:]])[[:alnum:]]*|[^[:alnum:]]+', '\\1', 'g'))"
    output_field = CharField()


class ContainsIgnoringCase(Func):
    """column ILIKE '%text%', which the trigram index on the column serves."""

    arg_joiner = " ILIKE "
    template = "%(expressions)s"
    output_field = BooleanField()

    def __init__(self, expression, text):
        pattern = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        super().__init__(expression, Value(f"%{pattern}%"))


class WordSimilarTo(Func):
    """column %> 'text': some part of the column is similar to text (pg_trgm)."""

    arg_joiner = " %%> "
    template = "%(expressions)s"
    output_field = BooleanField()


def _is_acronym(text):
    return ACRONYM_MIN_LENGTH <= len(text) <= ACRONYM_MAX_LENGTH and text.isalnum()


def _matching_ids_postgresql(text, query):
    """Return a subquery of the ids of every entry that text finds, one branch per index."""
    title_words = Innovation.objects.alias(vector=IndonesianVector(F("title"))).filter(vector=query)
    title_substring = Innovation.objects.filter(ContainsIgnoringCase(F("title"), text))
    answer_words = Answer.objects.alias(vector=IndonesianVector(F("text"))).filter(vector=query)
    names = Innovation.objects.filter(
        Q(agency__name__icontains=text)
        | Q(work_unit__name__icontains=text)
        | Q(work_unit__abbreviation__iexact=text)
    )
    branches = [title_substring.values("pk"), answer_words.values("innovation_id"), names.values("pk")]
    if _is_acronym(text):
        initials = Innovation.objects.alias(initials=WordInitials(F("title"))).filter(
            initials__contains=text.upper()
        )
        branches.append(initials.values("pk"))
    # A UNION of small index scans instead of one OR across joined tables,
    # which PostgreSQL can only answer by scanning every entry. order_by()
    # drops the models' default ordering, which would sort every branch.
    return title_words.values("pk").order_by().union(*(branch.order_by() for branch in branches))


def _similar_title_ids_postgresql(text):
    """Return a subquery of the ids of entries whose title has a word like one of text's words.

    pg_trgm's %> compares one word with the most similar part of the title
    (word_similarity above 0.6), so each query word gets its own index scan.
    """
    words = [word for word in text.split() if len(word) >= MIN_FUZZY_WORD_LENGTH][:MAX_FUZZY_WORDS]
    if not words:
        return Innovation.objects.none().values("pk")
    branches = [
        Innovation.objects.filter(WordSimilarTo(F("title"), Value(word))).values("pk").order_by() for word in words
    ]
    return branches[0].union(*branches[1:])


def search_public(innovations, text, *, fuzzy=False):
    """Filter and rank innovations by text; return the queryset, best matches first.

    ``fuzzy`` matches titles by trigram similarity instead, which finds names
    with a typo. It is meant as a second try when the first finds nothing,
    because a query word common in titles ("Pelayanan") makes many titles
    similar. Ties keep the listing's stable order (year, title, id), so pages
    never repeat or skip an entry.
    """
    if connection.vendor != "postgresql":
        if fuzzy:
            return innovations.none()
        return innovations.filter(
            Q(title__icontains=text)
            | Q(agency__name__icontains=text)
            | Q(work_unit__name__icontains=text)
            | Q(work_unit__abbreviation__iexact=text)
            | Exists(Answer.objects.filter(innovation=OuterRef("pk"), text__icontains=text))
        ).order_by("-competition__year", "title_key", "id")

    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    matching_ids = _similar_title_ids_postgresql(text) if fuzzy else _matching_ids_postgresql(text, query)
    return (
        innovations.filter(pk__in=matching_ids)
        .annotate(
            rank=SearchRank(IndonesianVector(F("title")), query)
            + TrigramWordSimilarity(Value(text), F("title"), output_field=FloatField()),
            title_headline=SearchHeadline(
                "title", query, config=SEARCH_CONFIG, highlight_all=True, **HEADLINE_OPTIONS
            ),
        )
        .order_by("-rank", "-competition__year", "title_key", "id")
    )


def answer_snippets(innovation_ids, text):
    """Return {innovation id: marked snippet} of the first section answer that text finds.

    One query for a whole page of results. Empty on SQLite.
    """
    if not innovation_ids or connection.vendor != "postgresql":
        return {}
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    answers = (
        Answer.objects.filter(innovation_id__in=innovation_ids)
        .alias(vector=IndonesianVector(F("text")))
        .filter(vector=query)
        .annotate(
            snippet=SearchHeadline(
                "text", query, config=SEARCH_CONFIG, max_words=30, min_words=12, max_fragments=1,
                fragment_delimiter=" … ", **HEADLINE_OPTIONS,
            )
        )
        .order_by("innovation_id", "section__position")
        .values_list("innovation_id", "snippet")
    )
    snippets = {}
    for innovation_id, snippet in answers:
        snippets.setdefault(innovation_id, mark_matches(snippet))
    return snippets


def mark_matches(marked_text):
    """Return marked_text HTML-escaped, with the match markers turned into <mark> elements."""
    html = []
    inside = False
    for piece in MARKER_PATTERN.split(marked_text):
        if piece == MATCH_START:
            if not inside:
                html.append("<mark>")
            inside = True
        elif piece == MATCH_END:
            if inside:
                html.append("</mark>")
            inside = False
        else:
            html.append(escape(piece))
    if inside:
        html.append("</mark>")
    return mark_safe("".join(html))  # noqa: S308 (escaped text plus the <mark> tags added here)


def mark_substring(text, needle):
    """Return text HTML-escaped with every case-insensitive occurrence of needle in <mark>."""
    if not needle:
        return escape(text)
    pattern = re.compile(re.escape(needle), re.IGNORECASE)
    return mark_matches(pattern.sub(lambda match: MATCH_START + match.group(0) + MATCH_END, text))
