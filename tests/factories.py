"""factory_boy factories for the portal's models.

Every factory builds a valid row with the fewest choices a test has to make:
an operator gets a work unit, a coordinator an agency, a competition the
default proposal template and two categories, and its window is open today.
"""
import datetime
import hashlib
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from accounts.models import Agency, AgencyKind, Province, Role, User, WorkUnit
from innovations import services
from innovations.models import (
    Answer,
    Attachment,
    AttachmentKind,
    Category,
    Competition,
    Innovation,
    ProposalSection,
    Status,
)

DEFAULT_PASSWORD = "kata-sandi-uji-2026"

# The smallest file that the upload check accepts as a PDF document.
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def make_image_bytes(image_format="PNG", size=(32, 24), color=(200, 40, 40)):
    """Return the bytes of a small solid-colour image in the given Pillow format."""
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, image_format)
    return output.getvalue()


class ProvinceFactory(factory.django.DjangoModelFactory):
    """A province from the list loaded by the accounts migrations."""

    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = factory.Iterator(["31", "32", "33", "35", "51", "73"])
    name = factory.LazyAttribute(lambda province: f"Provinsi {province.code}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Pemerintah Kota Uji {n}")
    slug = factory.LazyAttribute(lambda agency: slugify(agency.name))
    kind = AgencyKind.CITY
    province = factory.SubFactory(ProvinceFactory)


class WorkUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkUnit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Dinas Kependudukan dan Pencatatan Sipil {n}")
    abbreviation = factory.Sequence(lambda n: f"Disdukcapil {n}")


class UserFactory(factory.django.DjangoModelFactory):
    """An operator of a new work unit who has completed first sign-in.

    The traits give the other roles; ``fresh`` gives an account as issued,
    before first sign-in. Admins and judges get a TOTP authenticator (its
    secret in ``user.totp_secret``) unless ``totp=False`` is passed.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@contoh.go.id")
    full_name = factory.Sequence(lambda n: f"Pengguna Uji {n}")
    position = "Pranata Komputer"
    phone = "0812 3456 7890"
    password = DEFAULT_PASSWORD
    role = Role.OPERATOR
    work_unit = factory.SubFactory(WorkUnitFactory)
    agency = None

    class Params:
        coordinator = factory.Trait(
            role=Role.COORDINATOR,
            work_unit=None,
            agency=factory.SubFactory(AgencyFactory),
        )
        admin = factory.Trait(role=Role.ADMIN, work_unit=None, is_staff=True)
        judge = factory.Trait(role=Role.JUDGE, work_unit=None)
        fresh = factory.Trait(must_change_password=True, full_name="", position="", email="", phone="")

    @factory.post_generation
    def totp(user, create, extracted, **kwargs):
        if not create or extracted is False or (extracted is None and not user.requires_two_factor):
            return
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        user.totp_secret = generate_totp_secret()
        TOTP.activate(user, user.totp_secret)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # create_user normalises the username and hashes the password, as
        # the accounts that coordinators issue are made.
        manager = cls._get_manager(model_class)
        return manager.create_user(*args, **kwargs)


class CompetitionFactory(factory.django.DjangoModelFactory):
    """A competition open today, with the default template and two categories.

    Pass ``categories=[...]`` to choose the category names, or an empty list
    for none. ``sections=False`` leaves the proposal template empty.
    """

    class Meta:
        model = Competition
        skip_postgeneration_save = True

    year = factory.Sequence(lambda n: 2030 + n)
    name = factory.LazyAttribute(lambda competition: f"KIPP {competition.year}")
    submission_opens_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=30)
    )
    submission_closes_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=30)
    )
    minimum_age_years = 1

    @factory.post_generation
    def sections(competition, create, extracted, **kwargs):
        if create and extracted is not False:
            services.proposal_template_apply_default(competition=competition)

    @factory.post_generation
    def categories(competition, create, extracted, **kwargs):
        if not create:
            return
        names = (
            extracted
            if extracted is not None
            else [
                "Meningkatkan pemberian pelayanan kepada masyarakat",
                "Mendorong responsif gender dalam pemberian pelayanan",
            ]
        )
        for number, name in enumerate(names, start=1):
            Category.objects.create(competition=competition, number=number, name=name)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    competition = factory.SubFactory(CompetitionFactory, categories=[])
    number = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Kategori uji {n}")


class ProposalSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalSection

    competition = factory.SubFactory(CompetitionFactory, sections=False)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Bagian uji {n}")
    guidance = "Jelaskan bagian ini dengan singkat."
    word_limit = 100
    weight = 10


def _first_category(innovation):
    if innovation.competition.pk is None:
        # A built, unsaved competition has no categories to choose from.
        return None
    return innovation.competition.categories.order_by("number").first()


class InnovationFactory(factory.django.DjangoModelFactory):
    """A draft of a new work unit with its category and start date set.

    ``complete=True`` also fills every section, so the draft can be
    submitted. The ``submitted``, ``forwarded`` and ``published`` traits set the
    status; a forwarded entry is public.
    """

    class Meta:
        model = Innovation
        skip_postgeneration_save = True

    competition = factory.SubFactory(CompetitionFactory)
    category = factory.LazyAttribute(_first_category)
    work_unit = factory.SubFactory(WorkUnitFactory)
    agency = factory.LazyAttribute(lambda innovation: innovation.work_unit.agency)
    title = factory.Sequence(lambda n: f"Layanan Antrean Daring {n}")
    slug = factory.LazyAttribute(lambda innovation: f"{slugify(innovation.title)}-{innovation.competition.year}")
    started_on = datetime.date(2020, 1, 6)
    status = Status.DRAFT

    class Params:
        submitted = factory.Trait(
            status=Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        forwarded = factory.Trait(
            status=Status.FORWARDED,
            submitted_at=factory.LazyFunction(timezone.now),
        )
        published = factory.Trait(
            status=Status.PUBLISHED,
            submitted_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def complete(innovation, create, extracted, **kwargs):
        if create and extracted:
            Answer.objects.bulk_create(
                Answer(
                    innovation=innovation,
                    section=section,
                    text=f"Isi bagian {section.title} untuk {innovation.title}.",
                )
                for section in innovation.competition.sections.all()
            )


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    innovation = factory.SubFactory(InnovationFactory)
    section = factory.LazyAttribute(
        lambda answer: answer.innovation.competition.sections.order_by("position").first()
    )
    text = "Warga mengambil nomor antrean dari rumah lewat aplikasi."


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A stored PNG photo, or a PDF with the ``document`` trait."""

    class Meta:
        model = Attachment

    class Params:
        content = factory.LazyAttribute(
            lambda attachment: MINIMAL_PDF if attachment.kind == AttachmentKind.DOCUMENT else make_image_bytes()
        )
        document = factory.Trait(
            kind=AttachmentKind.DOCUMENT,
            content_type="application/pdf",
            original_name="laporan-kegiatan.pdf",
        )

    innovation = factory.SubFactory(InnovationFactory)
    kind = AttachmentKind.PHOTO
    content_type = "image/png"
    original_name = "foto-loket.png"
    file = factory.LazyAttribute(lambda attachment: ContentFile(attachment.content, name="upload"))
    size = factory.LazyAttribute(lambda attachment: len(attachment.content))
    checksum = factory.LazyAttribute(lambda attachment: hashlib.sha256(attachment.content).hexdigest())


class AnnouncementFactory(factory.django.DjangoModelFactory):
    """A published announcement, public since an hour ago."""

    class Meta:
        model = "portal.Announcement"

    title = factory.Sequence(lambda n: f"Pengumuman Uji {n}")
    slug = factory.LazyAttribute(lambda announcement: slugify(announcement.title))
    summary = "Ringkasan pengumuman uji."
    body = "<p>Isi pengumuman uji.</p>"
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    is_published = True


class FrequentlyAskedQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "portal.FrequentlyAskedQuestion"

    question = factory.Sequence(lambda n: f"Pertanyaan uji {n}?")
    answer = "Jawaban uji."
    order = factory.Sequence(lambda n: n)


class GuidelineFactory(factory.django.DjangoModelFactory):
    """A published guideline document holding the minimal PDF."""

    class Meta:
        model = "portal.Guideline"

    title = factory.Sequence(lambda n: f"Pedoman Uji {n}")
    file = factory.LazyFunction(lambda: ContentFile(MINIMAL_PDF, name="pedoman.pdf"))
    original_name = "pedoman-kipp.pdf"
    size = len(MINIMAL_PDF)


class SDGFactory(factory.django.DjangoModelFactory):
    """A Sustainable Development Goal, found by number when a migration has loaded it.

    Tests that run with a flushed database (the browser tests) lose the rows
    the migrations load, so goals are fetched or created by number.
    """

    class Meta:
        model = "innovations.SDG"
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n % 17 + 1)
    name = factory.LazyAttribute(lambda sdg: f"Tujuan {sdg.number}")
