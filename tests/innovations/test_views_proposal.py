"""The editor's new fields, unsaved text across sign-in, history with differences, print and withdraw."""
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from innovations import services
from innovations.models import SDG, Answer, Innovation, InnovationEvent, Status
from tests.factories import (
    CompetitionFactory,
    DEFAULT_PASSWORD,
    InnovationFactory,
    UserFactory,
    make_image_bytes,
)

pytestmark = pytest.mark.django_db


def edit_url(innovation):
    return reverse("workspace:innovation_edit", kwargs={"pk": innovation.pk})


def history_url(innovation):
    return reverse("workspace:innovation_history", kwargs={"pk": innovation.pk})


def print_url(innovation):
    return reverse("workspace:innovation_print", kwargs={"pk": innovation.pk})


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def edit_data(innovation, **extra):
    innovation.refresh_from_db()
    data = {
        "version": innovation.version,
        "title": innovation.title,
        "category": innovation.category_id or "",
        "started_on": innovation.started_on.isoformat() if innovation.started_on else "",
        "video_url": innovation.video_url,
        "previous_awards": innovation.previous_awards,
        "sdgs": [sdg.pk for sdg in innovation.sdgs.all()],
    }
    if innovation.group_id:
        data["group"] = innovation.group_id
    answers = {answer.section_id: answer.text for answer in innovation.answers.all()}
    for section in innovation.competition.sections.filter(is_active=True):
        data[f"section_{section.pk}"] = answers.get(section.pk, "")
    data.update(extra)
    return data


def section_key(innovation, position):
    return f"section_{innovation.competition.sections.get(position=position).pk}"


@pytest.fixture
def grouped_competition():
    competition = CompetitionFactory()
    services.competition_groups_apply_default(competition=competition)
    return competition


@pytest.fixture
def draft(grouped_competition):
    return InnovationFactory(competition=grouped_competition, title="Klinik Keliling")


@pytest.fixture
def operator(draft):
    return UserFactory(work_unit=draft.work_unit, full_name="Ani Operator")


def test_sdgs_loaded_one_to_seventeen():
    assert list(SDG.objects.values_list("number", flat=True)) == list(range(1, 18))
    assert SDG.objects.get(number=5).name == "Kesetaraan Gender"


def test_editor_saves_group_sdgs_and_awards(login, draft, operator):
    group = draft.competition.groups.get(name="Replikasi")
    sdgs = list(SDG.objects.filter(number__in=[3, 10]))

    response = login(operator).post(edit_url(draft), edit_data(
        draft, group=group.pk, sdgs=[sdg.pk for sdg in sdgs], previous_awards="Top 45 KIPP 2019\nPenghargaan Gubernur 2020",
    ))

    assert response["Location"] == edit_url(draft)
    draft.refresh_from_db()
    assert draft.group == group
    assert list(draft.sdgs.order_by("number").values_list("number", flat=True)) == [3, 10]
    assert draft.previous_awards == "Top 45 KIPP 2019\nPenghargaan Gubernur 2020"


def test_editor_refuses_sdg_outside_list(login, draft, operator):
    response = login(operator).post(edit_url(draft), edit_data(draft, sdgs=["99999"]))

    assert response.status_code == 200
    assert "Choose goals from the list (1 to 17)." in response.content.decode()
    assert not draft.sdgs.exists()


def test_editor_refuses_group_of_other_competition(login, draft, operator):
    other = CompetitionFactory()
    services.competition_groups_apply_default(competition=other)

    response = login(operator).post(edit_url(draft), edit_data(draft, group=other.groups.first().pk))

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    draft.refresh_from_db()
    assert draft.group is None


def test_submit_needs_group_when_competition_has_groups(draft, operator):
    complete = InnovationFactory(competition=draft.competition, work_unit=draft.work_unit, complete=True)

    assert services.innovation_missing_parts(complete) == ["Choose a group."]


@pytest.mark.parametrize("title", ["klinik   keliling", "  KLINIK KELILING ", "Klinik\tKeliling"])
def test_editor_refuses_duplicate_title_ignoring_case_and_spacing(login, draft, operator, title):
    other = InnovationFactory(competition=draft.competition, work_unit=draft.work_unit, title="Lain")

    response = login(operator).post(edit_url(other), edit_data(other, title=title))

    assert "Another entry in this competition already has the title" in response.content.decode()
    other.refresh_from_db()
    assert other.title == "Lain"


def test_concurrent_save_rejected_text_kept(draft, operator):
    colleague = UserFactory(work_unit=draft.work_unit)
    first, second = Client(), Client()
    first.force_login(operator)
    second.force_login(colleague)
    key = section_key(draft, 1)
    first_data = edit_data(draft, **{key: "Versi operator pertama."})
    second_data = edit_data(draft, **{key: "Versi operator kedua yang tidak boleh hilang."})

    saved = first.post(edit_url(draft), first_data)
    refused = second.post(edit_url(draft), second_data)

    assert saved.status_code == 302
    assert refused.status_code == 200
    content = refused.content.decode()
    assert "Someone saved this proposal after you opened it, so your changes were not saved." in content
    assert "Versi operator kedua yang tidak boleh hilang." in content
    assert Answer.objects.get(innovation=draft, section__position=1).text == "Versi operator pertama."


def test_expired_session_keeps_text_until_sign_in(client, draft, operator):
    key = section_key(draft, 2)
    data = edit_data(draft, title="Klinik Keliling Malam", **{key: "Teks panjang yang diketik sebelum sesi habis."})

    response = client.post(edit_url(draft), data)

    login_url = reverse("account_login")
    assert response["Location"] == f"{login_url}?next={edit_url(draft)}"
    assert Innovation.objects.get(pk=draft.pk).title == "Klinik Keliling"
    signed_in = client.post(login_url, {"login": operator.username, "password": DEFAULT_PASSWORD})
    assert signed_in.status_code == 302
    editor = client.get(edit_url(draft))
    content = editor.content.decode()
    assert "Restored, not yet saved" in content
    assert "Teks panjang yang diketik sebelum sesi habis." in content
    assert 'value="Klinik Keliling Malam"' in content
    # Nothing was saved, and the restored text is shown once only.
    assert not Answer.objects.filter(innovation=draft).exists()
    assert "Restored, not yet saved" not in client.get(edit_url(draft)).content.decode()


def test_restored_text_saves_with_its_original_version(client, draft, operator):
    key = section_key(draft, 2)
    client.post(edit_url(draft), edit_data(draft, **{key: "Teks yang dipulihkan."}))
    client.force_login(operator)
    restored = client.get(edit_url(draft)).context["form"].data

    response = client.post(edit_url(draft), restored)

    assert response["Location"] == edit_url(draft)
    assert Answer.objects.get(innovation=draft, section__position=2).text == "Teks yang dipulihkan."


def test_expired_session_stash_not_shown_to_other_unit(client, draft):
    client.post(edit_url(draft), edit_data(draft, **{section_key(draft, 1): "Rahasia."}))
    client.force_login(UserFactory())

    response = client.get(edit_url(draft))

    assert response.status_code == 404


def test_inactive_section_hidden_from_editor_and_answer_kept(login, draft, operator):
    section = draft.competition.sections.get(position=8)
    Answer.objects.create(innovation=draft, section=section, text="Jawaban lama.")
    section.is_active = False
    section.save()

    client = login(operator)
    content = client.get(edit_url(draft)).content.decode()
    client.post(edit_url(draft), edit_data(draft))

    assert f'name="section_{section.pk}"' not in content
    assert Answer.objects.get(innovation=draft, section=section).text == "Jawaban lama."
    assert "Fill in the section “Strategi keberlanjutan”." not in services.innovation_missing_parts(draft)


def test_upload_with_role_and_section_makes_thumbnail(login, draft, operator, stored_files):
    section = draft.competition.sections.get(position=5)
    client = login(operator)

    client.post(
        reverse("workspace:attachment_upload", kwargs={"pk": draft.pk}),
        {"kind": "photo", "role": "before", "section": section.pk,
         "file": SimpleUploadedFile("sebelum.png", make_image_bytes(size=(1600, 900)))},
    )

    attachment = draft.attachments.get()
    assert (attachment.role, attachment.section) == ("before", section)
    assert attachment.thumbnail.name.endswith("-thumb.png")
    thumbnail = client.get(reverse("public:attachment_thumbnail", kwargs={"uuid": attachment.uuid}))
    assert thumbnail["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(thumbnail.streaming_content))).size == (480, 270)
    # The thumbnail of an unpublished entry is as private as the photo.
    assert Client().get(reverse("public:attachment_thumbnail", kwargs={"uuid": attachment.uuid})).status_code == 404
    assert login(UserFactory()).get(reverse("public:attachment_thumbnail", kwargs={"uuid": attachment.uuid})).status_code == 404


def test_entry_total_size_limit_shown_and_enforced(settings, login, draft, operator, stored_files):
    first = make_image_bytes(size=(64, 64))
    settings.SINOVIK_MAX_ENTRY_BYTES = len(make_image_bytes(size=(64, 64))) + 300
    client = login(operator)
    upload = reverse("workspace:attachment_upload", kwargs={"pk": draft.pk})
    client.post(upload, {"kind": "photo", "file": SimpleUploadedFile("a.png", first)})

    response = client.post(upload, {"kind": "document", "file": SimpleUploadedFile("b.pdf", b"%PDF-1.4\n" + b"0" * 400 + b"\n%%EOF")})

    assert draft.attachments.count() == 1
    [uploaded, message] = messages_of(response)
    assert uploaded == "The file “a.png” was uploaded."
    assert message.startswith("The file “b.pdf” (")
    assert "does not fit: this entry's files may total at most" in message
    editor = client.get(edit_url(draft)).content.decode()
    assert "All files of this entry together: at most" in editor


def test_history_lists_versions_and_diff_escapes_text(login, draft, operator):
    key = section_key(draft, 1)
    client = login(operator)
    client.post(edit_url(draft), edit_data(draft, **{key: "Warga antre di loket."}))
    client.post(edit_url(draft), edit_data(draft, **{key: "Warga antre <b>daring</b> di rumah."}))

    page = client.get(history_url(draft))
    versions = page.context["versions"]
    newest = versions[0]
    diff = client.get(reverse("workspace:innovation_version", kwargs={"pk": draft.pk, "history_id": newest.history_id}))

    assert len(versions) == 3  # created, then two saves
    assert newest.history_user_name == f"Ani Operator ({operator.username})"
    content = diff.content.decode()
    assert "Warga antre <ins>&lt;b&gt;daring&lt;/b&gt; </ins>di <del>loket.</del><ins>rumah.</ins>" in content
    assert "<b>daring</b>" not in content
    changed = [change["label"] for change in diff.context["changes"]]
    assert changed == ["Ringkasan"]


def test_history_kept_when_account_deleted(login, draft, operator):
    client = login(operator)
    client.post(edit_url(draft), edit_data(draft, **{section_key(draft, 1): "Teks."}))
    username = operator.username

    operator.delete()

    record = Innovation.history.filter(id=draft.pk).order_by("-history_date").first()
    assert record.history_user is None
    assert record.history_user_name == f"Ani Operator ({username})"


def test_history_of_transition_shows_status_change(login, draft, operator):
    entry = InnovationFactory(competition=draft.competition, work_unit=draft.work_unit, group=draft.competition.groups.first(), complete=True)
    services.innovation_submit(user=operator, innovation=entry)
    newest = Innovation.history.filter(id=entry.pk).order_by("-history_date").first()

    diff = login(operator).get(reverse("workspace:innovation_version", kwargs={"pk": entry.pk, "history_id": newest.history_id}))

    assert [change["label"] for change in diff.context["changes"]] == ["Status"]
    assert "<del>Draft</del><ins>Submitted</ins>" in diff.content.decode()


def test_version_of_other_entry_is_404(login, draft, operator):
    other = InnovationFactory(competition=draft.competition, work_unit=draft.work_unit)
    foreign = Innovation.history.filter(id=other.pk).first()

    response = login(operator).get(reverse("workspace:innovation_version", kwargs={"pk": draft.pk, "history_id": foreign.history_id}))

    assert response.status_code == 404


def test_history_query_count_does_not_grow_with_versions(login, draft, operator):
    client = login(operator)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(history_url(draft))
        assert response.status_code == 200
        return len(queries)

    client.post(edit_url(draft), edit_data(draft, **{section_key(draft, 1): "Satu."}))
    one = count_queries()
    for number in range(5):
        client.post(edit_url(draft), edit_data(draft, **{section_key(draft, 1): f"Versi {number}."}))
    assert count_queries() == one


@pytest.mark.parametrize("role", ["operator", "coordinator", "admin"])
def test_print_view_for_each_role(login, draft, operator, role):
    Answer.objects.create(innovation=draft, section=draft.competition.sections.get(position=1), text="Ringkasan cetak.")
    users = {
        "operator": operator,
        "coordinator": UserFactory(coordinator=True, agency=draft.agency),
        "admin": UserFactory(admin=True),
    }

    response = login(users[role]).get(print_url(draft))

    content = response.content.decode()
    assert response.templates[0].name == "innovations/workspace/innovation_print.html"
    assert "Klinik Keliling" in content
    assert "Ringkasan cetak." in content
    assert "css/print.css" in content


def test_print_view_of_other_unit_is_404(login, draft):
    assert login(UserFactory()).get(print_url(draft)).status_code == 404
    assert Client().get(print_url(draft))["Location"].startswith(reverse("account_login"))


def test_operator_sees_return_notes_in_editor(login, draft, operator):
    entry = InnovationFactory(competition=draft.competition, work_unit=draft.work_unit, group=draft.competition.groups.first(), complete=True)
    coordinator = UserFactory(coordinator=True, agency=draft.agency, full_name="Budi Orpeg")
    services.innovation_submit(user=operator, innovation=entry)
    services.innovation_return(user=coordinator, innovation=entry, note="Tambahkan foto sebelum dan sesudah.")

    content = login(operator).get(edit_url(entry)).content.decode()

    assert f"Your coordinator Budi Orpeg ({coordinator.username}) returned this proposal with these notes:" in content
    assert "Tambahkan foto sebelum dan sesudah." in content


def test_operator_withdraws_draft(login, draft, operator):
    response = login(operator).post(reverse("workspace:innovation_withdraw", kwargs={"pk": draft.pk}), {"note": ""})

    assert response["Location"] == edit_url(draft)
    assert messages_of(response) == ["The entry “Klinik Keliling” was withdrawn."]
    draft.refresh_from_db()
    assert draft.status == Status.WITHDRAWN
    assert InnovationEvent.objects.get().to_status == Status.WITHDRAWN


def test_operator_cannot_withdraw_forwarded_entry(login, draft, operator):
    Innovation.objects.filter(pk=draft.pk).update(status=Status.FORWARDED)

    response = login(operator).post(reverse("workspace:innovation_withdraw", kwargs={"pk": draft.pk}))

    assert messages_of(response) == ["This entry has status “Forwarded”, so it cannot be withdrawn."]
    draft.refresh_from_db()
    assert draft.status == Status.FORWARDED


@pytest.mark.parametrize(("extra_words", "saved"), [(0, True), (1, False)])
def test_editor_word_limit_with_mixed_whitespace(login, draft, operator, extra_words, saved):
    section = draft.competition.sections.get(position=1)  # Ringkasan, 200 words
    separators = [" ", "\t", "\n", "\u00a0", "\u3000", "\u2009", "\r\n", "\u202f"]
    words = ["pelayanan", "e-KTP", "jemput-bola", "Rp1.500.000,00"] * 50 + ["tambahan"] * extra_words
    text = "".join(word + separators[index % len(separators)] for index, word in enumerate(words))

    response = login(operator).post(edit_url(draft), edit_data(draft, **{f"section_{section.pk}": text}))

    if saved:
        assert response["Location"] == edit_url(draft)
        assert Answer.objects.get(innovation=draft, section=section).text == text.strip()
    else:
        assert response.status_code == 200
        assert "“Ringkasan” has 201 words; the limit is 200. Shorten the text." in response.content.decode()
        assert not Answer.objects.filter(innovation=draft).exists()


def test_version_diff_shows_sdg_and_group_changes(login, draft, operator):
    client = login(operator)
    client.post(edit_url(draft), edit_data(draft, sdgs=[SDG.objects.get(number=3).pk]))
    client.post(edit_url(draft), edit_data(
        draft, sdgs=[SDG.objects.get(number=3).pk, SDG.objects.get(number=11).pk],
        group=draft.competition.groups.get(name="Replikasi").pk,
    ))
    newest = Innovation.history.filter(id=draft.pk).order_by("-history_date", "-history_id").first()

    diff = client.get(reverse("workspace:innovation_version", kwargs={"pk": draft.pk, "history_id": newest.history_id}))

    changes = {change["label"]: str(change["html"]) for change in diff.context["changes"]}
    assert changes == {"Group": "<ins>Replikasi</ins>", "SDGs": "<del>3</del><ins>3, 11</ins>"}
