import pytest
from django.core.exceptions import ValidationError

from innovations import services
from innovations.video import youtube_embed_url, youtube_video_id, youtube_watch_url
from tests.factories import CompetitionFactory, UserFactory

VIDEO_ID = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={VIDEO_ID}",
        f"https://youtube.com/watch?v={VIDEO_ID}&t=42s",
        f"http://m.youtube.com/watch?feature=share&v={VIDEO_ID}",
        f"https://youtu.be/{VIDEO_ID}",
        f"https://youtu.be/{VIDEO_ID}?si=abc123",
        f"https://www.youtube.com/embed/{VIDEO_ID}",
        f"https://www.youtube.com/shorts/{VIDEO_ID}",
        f"https://www.youtube.com/live/{VIDEO_ID}",
        f"  https://www.youtube.com/watch?v={VIDEO_ID}  ",
    ],
)
def test_youtube_video_id_recognised(url):
    assert youtube_video_id(url) == VIDEO_ID


@pytest.mark.parametrize(
    "url",
    [
        "",
        None,
        f"https://vimeo.com/{VIDEO_ID}",
        f"https://www.youtube.com.evil.example/watch?v={VIDEO_ID}",
        f"https://youtube.evil.example/watch?v={VIDEO_ID}",
        f"https://evil.example/?u=https://youtu.be/{VIDEO_ID}",
        f"javascript:alert(1)//https://youtu.be/{VIDEO_ID}",
        f"javascript://www.youtube.com/watch?v={VIDEO_ID}",
        f"ftp://www.youtube.com/watch?v={VIDEO_ID}",
        f"//www.youtube.com/watch?v={VIDEO_ID}",
        "https://www.youtube.com/watch?v=short",
        f"https://www.youtube.com/watch?v={VIDEO_ID}x",
        "https://www.youtube.com/watch?v=dQw4w9WgXc!",
        "https://www.youtube.com/watch?v=%3Cscript%3E",
        "https://youtu.be/",
        f"https://www.youtube.com/channel/{VIDEO_ID}",
        "https://www.youtube.com/embed/",
        "https://www.youtube.com/",
    ],
)
def test_youtube_video_id_rejects_other_links(url):
    assert youtube_video_id(url) is None


def test_youtube_addresses_built_from_id():
    assert youtube_watch_url(VIDEO_ID) == f"https://www.youtube.com/watch?v={VIDEO_ID}"
    assert youtube_embed_url(VIDEO_ID) == f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        f"https://youtu.be/{VIDEO_ID}",
        f"https://www.youtube.com/shorts/{VIDEO_ID}",
        f"https://www.youtube.com/embed/{VIDEO_ID}?autoplay=1",
    ],
)
def test_video_link_saved_as_watch_url(url):
    innovation = services.innovation_create_draft(
        user=UserFactory(), competition=CompetitionFactory(), title="Sistem Antrean", video_url=url
    )

    innovation.refresh_from_db()
    assert innovation.video_url == f"https://www.youtube.com/watch?v={VIDEO_ID}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["javascript:alert(1)", f"https://vimeo.com/{VIDEO_ID}", "bukan tautan"])
def test_video_link_not_youtube_rejected(url):
    competition = CompetitionFactory()

    with pytest.raises(ValidationError) as raised:
        services.innovation_create_draft(
            user=UserFactory(), competition=competition, title="Sistem Antrean", video_url=url
        )

    assert list(raised.value.message_dict) == ["video_url"]
    assert not competition.innovations.exists()
