"""Search of the public innovation database.

On PostgreSQL an entry matches when any of these finds it:

- full-text search in Indonesian on the title and on the section answers
  (the ``indonesian`` configuration stems "Pelayanan" and "layanan" to "layan";
  the answers are matched through one search document per entry, see
  portal.models.InnovationSearchDocument),
- a case-insensitive substring of the title (served by a pg_trgm index),
- the initials of the title's words ("SSW" for "Surabaya Single Window"),
- the agency's name or the work unit's name or abbreviation.

The vector expressions below must stay identical to the expression indexes
that portal/migrations/0002_search_indexes.py creates, or PostgreSQL stops
using those indexes. SQLite, the zero-setup development database, gets a
plain substring search on the same fields.

Results are ranked in tiers: title words first, then a title substring or
initials, then an agency or unit name, then section text only.

When nothing matches, the list tries again with trigram similarity on the
title, which finds "Surabaya Single Window" for "Surabya Singel Windo".
"""
import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchVectorField,
)
from django.db import connection
from django.db.models import BooleanField, Case, CharField, Exists, F, Func, IntegerField, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts.models import Agency, WorkUnit
from innovations.models import Answer, Innovation
from sinovik.cache import public_data

SEARCH_CONFIG = "indonesian"
# Private-use characters mark the matches inside ts_headline's output, so the
# text can be HTML-escaped first and the markers turned into <mark> after.
MATCH_START = "\ue000"
MATCH_END = "\ue001"
HEADLINE_OPTIONS = {"start_sel": MATCH_START, "stop_sel": MATCH_END}
MARKER_PATTERN = re.compile(f"({MATCH_START}|{MATCH_END})")
# Ranking tiers of search_public, best first; matches only in the answers rank 0.
RANK_TIERS = [("title_words", 3), ("title_text", 2), ("names", 1)]
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
    """Return subqueries of the ids of the entries that text finds, by where it was found.

    The keys are the ranking tiers of search_public: "title_words" (the
    title's words), "title_text" (a substring or the initials of the title),
    "names" (the agency's or the unit's name) and "answers" (section text).
    Each is a UNION of small index scans instead of one OR across joined
    tables, which PostgreSQL can only answer by scanning every entry.
    order_by() drops the models' default ordering, which would sort every branch.
    """
    title_words = Innovation.objects.alias(vector=IndonesianVector(F("title"))).filter(vector=query)
    title_text = [Innovation.objects.filter(ContainsIgnoringCase(F("title"), text)).values("pk").order_by()]
    if _is_acronym(text):
        initials = Innovation.objects.alias(initials=WordInitials(F("title"))).filter(
            initials__contains=text.upper()
        )
        title_text.append(initials.values("pk").order_by())
    # Agencies and units are looked up in their own small tables first, so
    # their entries come from the foreign-key indexes instead of a join of
    # every entry with its agency and unit.
    agencies = Agency.objects.filter(name__icontains=text).values("pk")
    units = WorkUnit.objects.filter(Q(name__icontains=text) | Q(abbreviation__iexact=text)).values("pk")
    names = (
        Innovation.objects.filter(agency__in=agencies)
        .values("pk")
        .order_by()
        .union(Innovation.objects.filter(work_unit__in=units).values("pk").order_by())
    )
    return {
        "title_words": title_words.values("pk").order_by(),
        "title_text": title_text[0].union(*title_text[1:]),
        "names": names,
        # One narrow row per entry (portal's search documents) instead of
        # every matching answer; see portal/migrations/0003.
        "answers": RawSQL(
            "SELECT portal_answer_matches(websearch_to_tsquery(%s::regconfig, %s))", (SEARCH_CONFIG, text)
        ),
    }


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
    if fuzzy:
        found = {"title_text": _similar_title_ids_postgresql(text)}
    else:
        found = _matching_ids_postgresql(text, query)
    matches = Q()
    for ids in found.values():
        matches |= Q(pk__in=ids)
    # Tiers instead of a relevance score per row: a score parses and compares
    # every matching title, which for a word found in most entries' answers
    # took longer than the rest of the search together.
    tier = Case(
        *(When(pk__in=found[name], then=Value(weight)) for name, weight in RANK_TIERS if name in found),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        innovations.filter(matches)
        .annotate(
            rank=tier,
            title_headline=SearchHeadline(
                "title", query, config=SEARCH_CONFIG, highlight_all=True, **HEADLINE_OPTIONS
            ),
        )
        .order_by("-rank", "-competition__year", "title_key", "id")
    )


def entries_marked(innovations, text):
    """Return the entries of the queryset innovations, each with the words of text marked.

    Each gets ``title_html``, its title with the matches in <mark>. Each also
    gets ``snippet_html``, a marked extract of the first section text that
    matches, or None if only the title or a name matched. For one page of
    results: the titles are marked in the same query, the snippets in one more.
    """
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        innovations = innovations.annotate(
            title_headline=SearchHeadline("title", query, config=SEARCH_CONFIG, highlight_all=True, **HEADLINE_OPTIONS)
        )
    entries = list(innovations)
    snippets = answer_snippets([entry.pk for entry in entries], text)
    for entry in entries:
        headline = getattr(entry, "title_headline", "")
        if MATCH_START in headline:
            entry.title_html = mark_matches(headline)
        else:
            entry.title_html = mark_substring(entry.title, text)
        entry.snippet_html = snippets.get(entry.pk)
    return entries


def answer_snippets(innovation_ids, text):
    """Return {innovation id: marked snippet} of the first section answer that text finds.

    One query for a whole page of results. Empty on SQLite.
    """
    if not innovation_ids or connection.vendor != "postgresql":
        return {}
    # ts_headline parses whole answers, so a page's snippets are kept until
    # the next publication, like its ranked ids (innovations.pagination).
    return public_data("search-snippets", lambda: _answer_snippets(innovation_ids, text), text, tuple(innovation_ids))


# ts_headline's options for a snippet: one extract of 12 to 30 words.
SNIPPET_OPTIONS = (
    f'MaxWords=30, MinWords=12, MaxFragments=1, FragmentDelimiter=" … ", StartSel={MATCH_START}, StopSel={MATCH_END}'
)


def _answer_snippets(innovation_ids, text):
    # Each entry's answers are tested in section order, and the first match
    # ends the test (LIMIT 1 over a subquery that OFFSET 0 keeps from being
    # merged into it). Testing every answer of a page's entries took about as
    # long as the match itself, some 27 ms of a new search's 70 on the
    # benchmark's data. ts_headline, which parses its answer again, then
    # runs once per entry.
    answer_table = Answer._meta.db_table
    section_table = Answer._meta.get_field("section").related_model._meta.db_table
    sql = f"""
        SELECT first.innovation_id, ts_headline(%s::regconfig, first.text, found.query, %s)
        FROM websearch_to_tsquery(%s::regconfig, %s) AS found(query),
             unnest(%s::bigint[]) AS entry(id)
        CROSS JOIN LATERAL (
            SELECT ordered.innovation_id, ordered.text
            FROM (
                SELECT answer.innovation_id, answer.text
                FROM {answer_table} AS answer
                JOIN {section_table} AS section ON section.id = answer.section_id
                WHERE answer.innovation_id = entry.id
                ORDER BY section.position
                OFFSET 0
            ) AS ordered
            WHERE to_tsvector(%s::regconfig, ordered.text) @@ found.query
            LIMIT 1
        ) AS first
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [SEARCH_CONFIG, SNIPPET_OPTIONS, SEARCH_CONFIG, text, list(innovation_ids), SEARCH_CONFIG])
        return {innovation_id: mark_matches(snippet) for innovation_id, snippet in cursor.fetchall()}


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
