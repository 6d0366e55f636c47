"""Event stage: typed events with actors, targets, date, place, channel, modality and evidence passage.

Events come from clause structure: spaCy's dependency parse, matched against the verb and
nominalisation patterns of ``data/event_triggers.yaml``. A sentence of the body that no pattern
types but whose main clause narrates what someone did or underwent ("the Russian army
collapsed") is an OTHER event. Only the sentences holding a word that one of those patterns
could fire on, a name or a date are parsed (the rest cannot hold an event), and the entity
stage's mentions stand in for the parser model's own NER. Header lines of a document's
own record ("Sent: ...", "First Published: ...", "Source: ...") give the sending and publication
of the document itself. Lines of a chronology, a timeline, a table or a map label ("• March 2,
1881 – The Tsar returns", "1703: Foundation of St Petersburg", "Battle of Narva, 30 November
1700") are events dated by their date, typed by their words (OTHER when none is known). Each
event keeps the whole sentence as evidence (an exact span of ``Document.text``), the entity ids
of its participants, the date of the time expression of its own clause (else of its sentence,
else the narrative time of its paragraph or passage, or the document's date for a primary
source in the present tense) in both calendars, and its modality: planned ("will make an
offer"), conditional ("only after approval"), hypothetical (an order's content, an imperative),
negated, or asserted.

The package's modules name the steps: ``triggers`` (the table), ``parse`` (which sentences to
parse, and the parser), ``clauses`` with ``arguments`` and ``dating`` (events of a parsed
sentence), ``lines`` (chronology entries and header lines), ``named`` (a named happening written
with its own span of years: "the Long War (1591-1606)"), ``foreign`` (the sentences of a
page written in French, Norwegian or German, typed by that language's trigger words) and ``stage``
(extract_events).
"""

from fontes.events.common import ASSERTED_MODALITIES
from fontes.events.parse import PARSER_MODEL, _eventful, _nlp
from fontes.events.stage import extract_events
from fontes.events.triggers import Triggers, family_of, triggers

__all__ = ["ASSERTED_MODALITIES", "PARSER_MODEL", "Triggers", "_eventful", "_nlp", "extract_events", "family_of",
           "triggers"]
