"""The common words whose matches the search keeps (PostgreSQL): list them, keep the words
searched for most (what the index refresh does every ten minutes), keep or forget a word."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.timezone import localtime

from library.models import CommonWord
from library.services import common_word_fill, common_word_forget, common_words_fill
from library.text import terms


class Command(BaseCommand):
    help = "List, keep or forget the matches of words found in very many library entries."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fill", action="store_true", help="keep the words searched for most (up to the limit)"
        )
        parser.add_argument(
            "--keep", metavar="WORD", action="append", default=[], help="keep this word's matches"
        )
        parser.add_argument("--forget", metavar="WORD", action="append", default=[], help="stop keeping them")

    def handle(self, *args, fill=False, keep=(), forget=(), **options):
        if connection.vendor != "postgresql" and (fill or keep):
            raise CommandError("the matches are kept on PostgreSQL only")
        for word in forget:
            for term in terms(word, limit=1):
                self.stdout.write(f"{term}: {'forgotten' if common_word_forget(word=term) else 'not kept'}")
        for word in keep:
            for term in terms(word, limit=1):
                self.stdout.write(f"{term}: {common_word_fill(word=term)} matches kept")
        if fill:
            self.stdout.write(f"kept: {', '.join(common_words_fill()) or 'no new word'}")
        for word in CommonWord.objects.order_by("-asked", "word"):
            state = f"kept since {localtime(word.filled_at):%Y-%m-%d %H:%M}" if word.filled_at else "not kept"
            self.stdout.write(f"{word.word}\tsearched {word.asked} times\t{state}")
