"""Answer the confirmation questions that static/js/confirm.js asks before irreversible actions."""


def accept_confirmations(page):
    """Accept every confirm() dialog of page and return the list its questions are added to."""
    questions = []

    def accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return questions
