"""Word counting shared by the server and the editor's live counter."""
import re

# Words are runs of characters between whitespace. The class lists the
# Unicode spaces that browsers' JavaScript treats as whitespace (\s), so that
# static/js/word-count.js counts the same words as the server does.
WHITESPACE_CLASS = r"\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_WORD = re.compile(rf"[^{WHITESPACE_CLASS}]+")


def count_words(text):
    """Return the number of words in text, as the proposal's word limits count them."""
    return len(_WORD.findall(text or ""))
