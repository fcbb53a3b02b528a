from handbook.models.editions import EditionEntry, EditionPDF, HandbookEdition
from handbook.models.pages import (
    ChapterPractice,
    HandbookChapterPage,
    HandbookPage,
    PracticeIndexPage,
    PracticePage,
)

__all__ = [
    "ChapterPractice",
    "EditionEntry",
    "EditionPDF",
    "HandbookChapterPage",
    "HandbookEdition",
    "HandbookPage",
    "PracticeIndexPage",
    "PracticePage",
]
