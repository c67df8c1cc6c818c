import pytest
from django.db import connection

from innovations.models import Answer, Innovation
from innovations.search import search_public
from portal.models import InnovationSearchDocument
from tests.factories import AgencyFactory, AnswerFactory, InnovationFactory, WorkUnitFactory

pytestmark = pytest.mark.django_db


def search_titles(text):
    return [innovation.title for innovation in search_public(Innovation.objects.public(), text)]


def document_words(innovation):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_to_string(tsvector_to_array(answers_vector), ' ') "
            "FROM portal_innovationsearchdocument WHERE innovation_id = %s",
            [innovation.pk],
        )
        row = cursor.fetchone()
    return set(row[0].split()) if row else None


def test_document_follows_answer_changes():
    innovation = InnovationFactory(forwarded=True)
    answer = AnswerFactory(innovation=innovation, text="Warga memilah sampah rumah tangga.")
    created = document_words(innovation)

    answer.text = "Kader posyandu menimbang balita."
    answer.save()
    updated = document_words(innovation)
    answer.delete()

    assert "sampah" in created
    assert "posyandu" in updated
    assert "sampah" not in updated
    assert document_words(innovation) is None


def test_document_combines_all_sections():
    innovation = InnovationFactory(forwarded=True, complete=True)
    first, second = innovation.answers.order_by("section__position")[:2]
    Answer.objects.filter(pk=first.pk).update(text="Layanan antrean daring.")
    Answer.objects.filter(pk=second.pk).update(text="Pengaduan lewat pesan singkat.")

    words = document_words(innovation)

    # The Indonesian stemmer turns "antrean" into "antre" and "pengaduan" into "adu".
    assert {"antre", "adu"} <= words
    assert InnovationSearchDocument.objects.filter(innovation=innovation).count() == 1


def test_deleting_entry_leaves_no_document():
    innovation = InnovationFactory(forwarded=True, complete=True)

    innovation.delete()

    assert InnovationSearchDocument.objects.count() == 0


def test_search_finds_words_spread_over_sections():
    innovation = InnovationFactory(forwarded=True, complete=True, title="Gerai Terpadu")
    first, second = innovation.answers.order_by("section__position")[:2]
    first.text = "Petugas melayani nelayan."
    first.save()
    second.text = "Bantuan untuk perahu."
    second.save()

    assert search_titles("nelayan perahu") == ["Gerai Terpadu"]


def test_search_ranks_title_then_name_then_answers():
    by_answer = InnovationFactory(forwarded=True, title="Aplikasi Antrean Puskesmas")
    AnswerFactory(innovation=by_answer, text="Data stunting dipantau setiap bulan.")
    agency = AgencyFactory(name="Pemerintah Kota Stunting Nol")
    by_agency = InnovationFactory(forwarded=True, title="Rumah Gizi", work_unit=WorkUnitFactory(agency=agency))
    by_title = InnovationFactory(forwarded=True, title="Gerakan Cegah Stunting")

    assert search_titles("stunting") == [by_title.title, by_agency.title, by_answer.title]


def test_answer_search_uses_the_document_index():
    innovation = InnovationFactory(forwarded=True)
    AnswerFactory(innovation=innovation, text="Kader posyandu menimbang balita.")

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT innovation_id FROM portal_innovationsearchdocument "
            "WHERE answers_vector @@ websearch_to_tsquery('indonesian', 'posyandu')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "search_document_answers_idx" in plan
