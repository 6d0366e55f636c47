"""Event stage, clauses: event candidates from the dependency parse of a sentence, their modality, the Event built."""

from __future__ import annotations

import re
from typing import Any

from fontes.events.arguments import _Arguments
from fontes.events.common import (
    _EXPLETIVES,
    _PRONOUNS_PER,
    _PRONOUNS_PLURAL,
    ASSERTED_MODALITIES,
    _agent_nouns,
    _body_nouns,
    _is_dated,
)
from fontes.events.dating import _Dating, _is_heading, _TimeIndex
from fontes.events.triggers import _HAPPENING_NAMES, Triggers
from fontes.model import Document, Event

_TO_PLACE = frozenset({"to", "into", "towards", "toward"})
_FORM_CONDITIONS = frozenset({"finite", "passive", "active", "voice", "not_infinitive", "not_subject", "tensed", "past"})
_WHO_CONDITIONS = frozenset({"subject", "subject_passive", "army", "body_subject"})


def _specificity(cond: dict[str, Any]) -> int:
    """How narrowly a verb pattern is drawn: 2 when it names who acts ("an army lands"), 1 when it
    names what or where ("captured Kars", "landed at Brixham"), 0 for the verb alone. When patterns
    of one verb fire on one word, the narrowest types it: an army landing is an offensive, not a
    journey; a place captured is not an arrest (issue 10)."""
    if _WHO_CONDITIONS & cond.keys():
        return 2
    return 1 if cond.keys() - _FORM_CONDITIONS else 0


def _told_as_past(tok: Any, children: list[Any]) -> bool:
    """Whether a verb tells a past act ("sent", "had sent", "has sent"): a letter's present tense
    ("I send you ...") is the act of the letter itself, which annotators do not count as an event."""
    if tok.tag_ == "VBD":
        return True
    return tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in children)


def _done_to_someone(children: list[Any]) -> bool:
    """An active clause with a direct object: what the subject did to someone or something."""
    return any(c.dep_ == "dobj" for c in children) and not any(c.dep_ in ("auxpass", "nsubjpass") for c in children)


def _subjects(verb: Any) -> list[Any]:
    """A verb's subjects; a complement or a conjunct without one of its own shares its head's ("reports
    began reaching the port": the reports reach it; "the envoy arrived and left")."""
    node = verb
    while True:
        subjects = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects or node.dep_ not in ("xcomp", "conj") or node.head == node:
            return subjects
        node = node.head


# --- clauses ----------------------------------------------------------------------------------

class _Context(_Arguments, _Dating):
    """One parsed zone: finds events in its sentences and fills their arguments and dates."""

    def __init__(self, doc: Document, sdoc: Any, base: int, table: Triggers, zone_start: int | None = None) -> None:
        self.doc, self.sdoc, self.base, self.t = doc, sdoc, base, table
        self.zone_start = base if zone_start is None else zone_start
        self.mod = table.modality
        self.dated_by: str | None = None  # "passage" when the last _date came from paragraphs before
        self.time_index: _TimeIndex | None = None  # shared by the contexts of one document (extract_events)

    # -- candidates --

    def sentence_events(self, sent: Any) -> list[Event]:
        events: list[Event] = []
        if sum(t.is_alpha for t in sent) < 4:
            return events  # a label ("Year Published"), not a statement
        anchors = []
        for tok in sent:
            for etype, anchor, theme, nominal in self._match(tok):
                event = self._build(sent, tok, etype, anchor, theme, nominal)
                if event is not None:
                    events.append(event)
                    if event.modality in ASSERTED_MODALITIES:
                        anchors.append(anchor)
        if not anchors:
            narrated = self._narrated(sent)
            if narrated is not None:
                events.append(narrated)
        else:
            events.extend(self._untyped_clauses(sent, anchors))
        return events

    def _untyped_clauses(self, sent: Any, anchors: list[Any]) -> list[Event]:
        """"Tsar Alexis dies and Feodor becomes tsar": a clause joined by "and" with a subject of its
        own tells a happening of its own; when no trigger typed it, it is an OTHER event beside the
        typed one of the other clause (issue 10)."""
        if self.doc.zone_at(self.base + sent.start_char) != "body":
            return []
        root = sent.root
        clauses = [root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB")]

        def clause_of(tok: Any) -> Any:
            return next((x for x in [tok, *tok.ancestors] if x in clauses), root)

        typed = {clause_of(a) for a in anchors}
        out = []
        for verb in clauses[1:]:
            if verb in typed or not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                continue
            if self._narrative_verb(verb):
                event = self._build(sent, verb, "OTHER", verb, None, False)
                if event is not None and event.modality == "asserted":
                    event.confidence = 0.6
                    event.arguments["lemma"] = ["narrated"]
                    out.append(event)
        return out

    def _narrated(self, sent: Any) -> Event | None:
        """An OTHER event for a sentence of narrative that no trigger types: its main clause (or a
        clause joined to it with a subject of its own) tells what someone or something did or
        underwent, in the past ("the Russian army collapsed", "It was built by Ryan Airlines"), or
        in the present of a dated clause ("On 3 May the fleet sails"). Stative, reporting and
        copular verbs ("seemed", "include", "was a key battle") tell no happening
        (data/event_triggers.yaml). Tried on dev: one event per sentence does better than one per
        clause (the further clauses are mostly the circumstances of the first)."""
        if self.doc.zone_at(self.base + sent.start_char) != "body" or _is_heading(sent.text):
            return None
        root = sent.root
        reported = self._reported_happening(root)
        if reported is not None:
            return self._narrated_event(sent, reported)
        for verb in [root, *(c for c in root.children if c.dep_ == "conj"), *self._reported_clauses(root)]:
            if self._narrative_verb(verb):
                event = self._narrated_event(sent, verb)
                if event is not None:
                    return event
        return None

    def _narrated_event(self, sent: Any, verb: Any) -> Event | None:
        """The OTHER event a narrated verb tells, when it is asserted."""
        event = self._build(sent, verb, "OTHER", verb, None, False)
        if event is None or event.modality != "asserted":
            return None
        event.confidence = 0.6
        event.arguments["lemma"] = ["narrated"]
        return event

    def _reported_clauses(self, root: Any) -> list[Any]:
        """The clauses a reporting verb tells ("It is reported that the rebels took the fort",
        "he says the envoy left"): the happening is the clause's, not the report's (issue 10)."""
        if root.lemma_.lower() not in self.mod["reporting_verbs"]:
            return []
        clauses = [c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
        return clauses + [cc for c in clauses for cc in c.children if cc.dep_ == "conj" and cc.pos_ == "VERB"]

    def _reported_happening(self, root: Any) -> Any | None:
        """A passive reporting verb whose subject is what happened ("Heavy losses are reported from
        the coast", "a collision was reported"): the report states a happening; None otherwise."""
        if root.lemma_.lower() not in self.mod["reporting_verbs"] or root.tag_ != "VBN":
            return None
        children = list(root.children)
        if not any(c.dep_ == "auxpass" for c in children) or any(
                c.dep_ in ("ccomp", "xcomp", "neg") for c in children):
            return None  # "it is reported that ...", "he is said to have ...": the clause tells it
        subject = next((c for c in children if c.dep_ == "nsubjpass"), None)
        if subject is None or subject.pos_ != "NOUN" or subject.lower_ in _EXPLETIVES:
            return None
        return root

    def _narrative_verb(self, verb: Any) -> bool:
        lemma = verb.lemma_.lower()
        children = list(verb.children)
        if verb.pos_ != "VERB" or lemma in self.t.stative_verbs or any(
                not cond.keys() - {"passive", "finite"} for _, cond in self.t.verbs.get(lemma, ())) and not (
                _done_to_someone(children) and self._only_passive(lemma)):
            return False  # a trigger on its own, or only in one form, was judged already ("announced" with
            # no speaker); but a verb typed only as a passive ("was executed", "was dissolved") tells the
            # same happening in the active with its object ("they executed the envoy", "the Tsar
            # dissolved the assembly")
        subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            return False
        if lemma in self.mod["reporting_verbs"] and subject.lower_ in _EXPLETIVES:
            return False  # "it was reported in the gazette": what was reported is told elsewhere
        aux = [c for c in children if c.dep_ in ("aux", "auxpass")]
        if any(a.tag_ == "MD" or a.lower_ == "to" for a in aux):
            return False
        dated = self._clause_dated(verb)
        agents = [g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        done_to = subject.dep_ == "nsubjpass" and any(a.dep_ == "auxpass" and a.tag_ == "VBD" for a in aux)
        occurs = verb.lemma_.lower() in self.mod["occurrence_verbs"] or any(
            c.dep_ == "dobj" and (verb.lemma_.lower(), c.lower_) in self.t.happening_frames for c in children)
        if not (dated or done_to or occurs or self._actor_like(subject) or any(self._actor_like(a) for a in agents)):
            return False  # "the fervour only increased": no one acted or underwent it; but "the first
            # grenade was thrown by a student": a passive's agent acted; and "the ports were
            # blockaded": someone did it to them (issue 10)
        if verb.tag_ == "VBD" or verb.tag_ == "VBN" and any(a.tag_ == "VBD" for a in aux):
            return True  # "collapsed", "was built", "had sent"; not "has been laid" (the writer's present)
        perfect = any(a.lemma_.lower() == "have" for a in aux) and not any(a.dep_ == "auxpass" for a in aux)
        if verb.tag_ == "VBN" and perfect and self.doc.genre == "primary":
            return True  # a dispatch's or a letter's active perfect tells what just happened ("the envoy
            # has left"); a secondary text's is the writer's present, and a passive perfect states a
            # result ("a new wing has been built")
        return verb.tag_ in ("VBZ", "VBP") and dated  # a chronicle's present: "On 3 May the fleet sails"

    def _only_passive(self, lemma: str) -> bool:
        """Whether every pattern of a trigger verb that needs nothing but its form wants it passive."""
        return all(cond.get("passive") for _, cond in self.t.verbs.get(lemma, ())
                   if not cond.keys() - {"passive", "finite"})

    def _actor_like(self, subject: Any) -> bool:
        """A subject that names who acted or underwent: a name, a person's pronoun, a body or an office."""
        return (subject.pos_ == "PROPN" or subject.lower_ in _PRONOUNS_PER | _PRONOUNS_PLURAL
                or self._entity_label(subject) in ("PER", "ORG", "LOC") or subject.lemma_.lower() in _agent_nouns()
                or self.t.in_class(subject.lemma_, "actors"))

    def _match(self, tok: Any) -> list[tuple[str, Any, Any, bool]]:
        """(type, clause anchor, theme noun, nominal?) for each pattern the token triggers."""
        lemma = tok.lemma_.lower()
        out: list[tuple[str, Any, Any, bool]] = []
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
            if tok.dep_ in ("amod", "compound"):
                return out  # "the commanding general", "the invading army": a modifier, not an act
            content = tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.lemma_.lower() in self.mod["content_nouns"]
            fired: list[tuple[int, str]] = []
            for etype, cond in self.t.verbs.get(lemma, []):
                if content and etype != "ORDER":
                    continue  # "a manifesto calling for ...": content; but "a message ordering him to ..." is an order
                if self._verb_ok(tok, cond):
                    if tok.dep_ == "acl" and self._event_noun_type(tok.head):
                        continue  # "an offensive ordered by X": the participle qualifies the noun's event
                    fired.append((_specificity(cond), self._subject_type(tok, etype)))
            best = max((rank for rank, _ in fired), default=0)
            out.extend((etype, tok, None, False) for rank, etype in fired if rank == best)
            return out
        if tok.pos_ not in ("NOUN", "PROPN"):
            return out
        if tok.text[:1].islower() and self._in_timex(tok):
            return out  # "in the fall of 1917": a time, not a happening (but "the anniversary of the Revolution" names one)
        etype = self._event_noun_type(tok)
        if etype and self._noun_realised(tok):
            out.append((etype, self._governor(tok), tok, True))
        elif self.t.aspect_nouns.get(tok.lower_) and self._names_happening(tok):
            out.append((self.t.aspect_nouns[tok.lower_], self._governor(tok), tok, True))
        return out

    def _names_happening(self, tok: Any) -> bool:
        """"the end of the Civil War": an aspect noun whose "of"-complement is a named happening."""
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.pos_ == "PROPN" and self._entity_label(obj) in ("EVENT", ""):
                        return obj.text[:1].isupper() and obj.lower_ in _HAPPENING_NAMES
        return False

    def _event_noun_type(self, tok: Any) -> str | None:
        """Event type of a noun, looking through compounds ("armistice agreement", "cease-fire agreements")."""
        words = [tok.lower_, tok.lemma_.lower()]
        if tok.lower_ in ("agreement", "agreements", "accord", "accords", "convention"):
            before = tok.doc[max(tok.sent.start, tok.i - 3):tok.i].text.lower().split()
            words = [c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")] + before[-1:]
        for word in words:
            if word in self.t.nouns:
                return self.t.nouns[word]
        return None

    def _noun_realised(self, tok: Any) -> bool:
        """Whether the text presents an event noun as a happening (see data/event_triggers.yaml)."""
        word = tok.lower_ if tok.lower_ in self.t.nouns else tok.lemma_.lower()
        if self._in_idiom(tok):
            return False
        head = tok.head
        if tok.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.lemma_.lower() in self.t.support_verbs:
            return True
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in self.t.support_verbs:
            return True  # "formalized in the treaty"
        if tok.dep_ == "compound" and self._event_noun_type(head) and head.head.lemma_.lower() in self.t.support_verbs:
            return False  # the head ("armistice agreement") carries it
        if tok.dep_ == "pobj" and (head.lower_, word) in self.t.frames:
            return True
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in self.t.aspect_nouns:
            return True  # "the conclusion of an armistice"
        if any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in self.t.support_verbs for c in tok.children):
            return True  # "the armistice signed on 16 December"
        if tok.dep_ == "nsubj" and any((head.lemma_.lower(), c.lower_) in self.t.happening_frames
                                       for c in head.children if c.dep_ in ("dobj", "prt", "advmod")):
            return True  # "the assassination took place", and "a strike has taken place" (a support-only noun)
        if word in self.t.support_only:
            return False
        if word in self.t.always:
            return True
        if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in self.t.happening_verbs:
            return True
        if tok.dep_ == "attr" and head.lemma_.lower() == "be" and any(c.dep_ == "expl" for c in head.children):
            return True  # "there was a massacre"
        if tok.dep_ in ("nsubj", "nsubjpass") and self._clause_dated(head):
            return True  # "The siege of X on 14 May 1703 was the first ...": the clause's date is the noun's
        if word in self.t.dated_only:
            return self._has_own_date(tok)  # "the Crimean War (1853-56)", not "a veteran of the Crimean War"
        if any(c.dep_ in ("acl",) and c.tag_ in ("VBN", "VBD") for c in tok.children):
            return True  # "an uprising led by ..."
        if any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in tok.children):
            return True  # "the minister's proposal", "France's revolution"
        if tok.text[:1].isupper() and tok.i > tok.sent.start:
            return True  # a named happening: "the Great October Revolution"
        return self._has_own_date(tok)

    def _in_idiom(self, tok: Any) -> bool:
        """Whether a noun stands in a fixed phrase that names no happening ("in order to take the
        fort", "the war memorial"): one of the table's idioms covers it, word for word."""
        words = [t.lower_ for t in tok.doc]
        for idiom in self.t.idioms:
            for k, part in enumerate(idiom):
                start = tok.i - k
                if part == tok.lower_ and start >= 0 and tuple(words[start:start + len(idiom)]) == idiom:
                    return True
        return False

    def _clause_dated(self, verb: Any) -> bool:
        """Whether a verb governs a dated time expression directly ("was ... on 14 May 1703")."""
        if not (verb.pos_ in ("VERB", "AUX") or verb.tag_.startswith("VB")):
            return False
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "on") and any(
                    self._timex_at(gc) is not None for gc in child.children if gc.dep_ == "pobj"):
                return True
            if child.dep_ == "npadvmod" and self._timex_at(child) is not None:
                return True
        return False

    def _has_own_date(self, tok: Any) -> bool:
        """Whether a noun has a date of its own: "the siege of 1703", "the war in 1854", "the War (1853-56)",
        "his decree from December 19, 1699"."""
        after = self.base + tok.idx + len(tok.text)
        bracket = re.match(r"\s*[(\[]\s*", self.doc.text[after:after + 8])
        if bracket and any(t.start == after + bracket.end() and _is_dated(t) for t in self.doc.timexes):
            return True
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "on", "of", "during", "from"):
                for gc in child.children:
                    if self._timex_at(gc) is not None:
                        return True
            if child.dep_ in ("npadvmod", "nmod") and self._timex_at(child) is not None:
                return True
        return False

    def _verb_ok(self, tok: Any, cond: dict[str, Any]) -> bool:
        children = list(tok.children)
        near = children + [g for c in children if c.dep_ == "advmod" for g in c.children]  # "relieved thereafter of"
        if "prep" in cond and not any(c.dep_ in ("prep", "agent", "dative", "advmod") and c.lower_ == cond["prep"] for c in near):
            return False
        if "particle" in cond and not any(c.dep_ in ("prt", "dobj", "advmod", "prep") and c.lower_ == cond["particle"] for c in children):
            return False
        if "object_of_prep" in cond and not any(
            gc.lower_ == cond["object_of_prep"] for c in near if c.dep_ == "prep" for gc in c.children
        ):
            return False
        if "object" in cond:
            objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "acomp")]
            if tok.dep_ in ("acl", "relcl") and tok.tag_ == "VBN":
                objects.append(tok.head)
            objects += [cc for o in objects for cc in o.conjuncts]
            if not any(self.t.in_class(o.lemma_, cond["object"]) or self.t.in_class(o.lower_, cond["object"]) for o in objects):
                return False
        if "object_label" in cond and not any(
                self._entity_label(o) == cond["object_label"]
                or cond["object_label"] == "LOC" and self.t.in_class(o.lemma_, "places")
                for o in self._objects(tok)):
            return False
        if "not_object_label" in cond and any(
                self._entity_label(o) == cond["not_object_label"] for o in self._objects(tok)):
            return False  # "captured Kars": a place taken, not a person arrested
        if cond.get("voice") == "passive" and not any(c.dep_ in ("auxpass", "nsubjpass") for c in children):
            return False  # "the regiments were sent to X", not "he had sent them to X"
        if cond.get("army") and not self._army(tok, with_army=cond["army"] == "with"):
            return False
        if "with_object" in cond and any(
                not self.t.in_class(g.lemma_, cond["with_object"]) for c in children
                if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"):
            return False  # "replied with a note", not "responded with a counterattack"
        if "subject" in cond:
            subjects = _subjects(tok)
            if not any(self.t.in_class(s.lemma_, cond["subject"]) or self.t.in_class(s.lower_, cond["subject"]) for s in subjects):
                return False
        if "subject_passive" in cond:
            subjects = [c for c in children if c.dep_ == "nsubjpass"]
            if not any(self.t.in_class(s.lemma_, cond["subject_passive"]) for s in subjects):
                return False
        if cond.get("to_place") and not self._to_place(near):
            return False
        if cond.get("active") and any(c.dep_ in ("auxpass", "nsubjpass") for c in children):
            return False  # "the town was deserted": a state, not a desertion
        if cond.get("body_subject") and not self._body_decides(children):
            return False  # "the captain decided to leave": a person's decision is the act decided on, not an adoption;
            # "the Chamber decided", "we had decided": a body's
        if cond.get("finite") and tok.tag_ == "VBG":
            return False
        if cond.get("tensed") and not (tok.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in children)):
            return False  # "keep us informed", "informing him": a bare participle tells no act of its own
        if cond.get("past") and not _told_as_past(tok, children):
            return False  # "the length I send you by the bearer": the letter's own errand, not a happening told
        if cond.get("not_infinitive") and any(c.tag_ == "TO" for c in children):
            return False  # "asking for the see to be transferred to X": a wish, not a move
        if "not_subject" in cond and any(
                c.dep_ == "nsubj" and self.t.in_class(c.lemma_, cond["not_subject"]) for c in children):
            return False  # "the news had informed him": knowledge that reached someone, not a message sent
        if cond.get("passive") and not (tok.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in children)):
            return False
        return not (cond.get("xcomp") and not any(c.dep_ == "xcomp" for c in children))

    def _body_decides(self, children: list[Any]) -> bool:
        """Whether a verb's subjects are a body: a body's name or noun ("the Chamber and the Council"), or "we"
        (or the verb has no active subject: "it was resolved that ...")."""
        subjects = [c for c in children if c.dep_ == "nsubj"]
        if not subjects and children and children[0].head.dep_ == "conj" and not any(c.dep_ == "nsubjpass" for c in children):
            subjects = [c for c in children[0].head.head.children if c.dep_ == "nsubj"]  # "X waited and decided": X's
        subjects += [cc for s in subjects for cc in s.conjuncts]
        return all(
            s.lower_ == "we" or self._entity_label(s) == "ORG" or s.lemma_.lower() in _body_nouns()
            or self.t.in_class(s.lemma_, "bodies") for s in subjects)

    def _army(self, verb: Any, with_army: bool = False) -> bool:
        """Whether an army moves: its subject is an army or a unit ("the 2nd Army lands", "forces
        entered the town"; a conjoined verb shares its subject), or, when ``with_army``, the subject goes
        "with an army" (advancing with an army is an attack; entering a town with one may be a ruler's entry)."""
        node = verb
        while node.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            node = node.head
        nouns = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        for word in verb.subtree if with_army else ():  # "With an army 8,000 strong he advanced" (however parsed)
            if word.lower_ == "with" and self._governor(word) == verb:
                phrase = [word.head] if word.dep_ == "mark" else [word]
                nouns += [g for p in phrase for g in p.subtree if g.dep_ in ("pobj", "nsubj") and g.head != verb]
        return any(self.t.in_class(n.lemma_, "armies") or self.t.in_class(n.lower_, "armies") for n in nouns)

    def _to_place(self, near: list[Any]) -> bool:
        """Whether a verb goes to a place: "came to the town", "moved into Kazan" (a LOC mention or a place noun)."""
        for prep in near:
            if prep.dep_ in ("prep", "dative") and prep.lower_ in _TO_PLACE:  # "sent a unit to the coast": dative
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (self._entity_label(obj) == "LOC" or self.t.in_class(obj.lemma_, "places")):
                        return True
        return False

    def _objects(self, verb: Any) -> list[Any]:
        """The direct objects of a verb and their conjuncts ("entered Moscow and Kiev")."""
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr", "oprd")]
        return objects + [cc for o in objects for cc in o.conjuncts]

    def _subject_type(self, verb: Any, etype: str) -> str:
        """"The uprising toppled the government": an overthrow verb takes its event-noun subject's type
        (or, when the parse found no subject, the event noun just before it)."""
        if verb.lemma_.lower() in self.t.happening_verbs:
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if not subjects:
                subjects = [t for t in verb.doc[max(verb.sent.start, verb.i - 8):verb.i] if t.pos_ == "NOUN"][::-1]
            for child in subjects:
                noun_type = self._event_noun_type(child)
                if noun_type:
                    return noun_type
        return etype

    def _governor(self, tok: Any) -> Any:
        """The verb whose clause a noun belongs to (the noun itself when there is none)."""
        node = tok
        while node.head != node:
            node = node.head
            if node.pos_ in ("VERB", "AUX") or node.tag_.startswith("VB"):
                return node
        return tok

    # -- modality --

    def _modality(self, anchor: Any, theme: Any | None) -> str:
        """Modality of an event anchored on a verb (or, for a nominal event, on its noun)."""
        if theme is not None:
            if any(c.dep_ == "det" and c.lower_ == "no" for c in theme.children):
                return "negated"
            if self._irrealis_path(theme):
                return "hypothetical"
            verb = self._governor(theme)
            if verb == theme:
                return "asserted"
            realising = verb.lemma_.lower() in self.mod["creation_verbs"] or verb.lemma_.lower() in self.t.support_verbs
            participle = any(c.dep_ == "acl" and c.tag_ == "VBN" for c in theme.children)
            if not realising or participle and verb != theme.head:
                if participle:
                    return "asserted"  # presupposed: "read the text of the armistice signed on ..."
                definite = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "any", "some", "no") for c in theme.children)
                if not definite and not theme.text[:1].isupper():
                    return self._verb_modality(verb)  # "keep informed of pourparlers": as real as the keeping
                return "asserted" if not self._negated(verb) else "negated"
            return self._verb_modality(verb)
        return self._verb_modality(anchor)

    def _irrealis_path(self, tok: Any) -> bool:
        """A condition mark or a purpose/obligation noun between a word and its clause."""
        node = tok
        while node.head != node:
            node = node.head
            word = node.lower_
            if word in self.mod["conditional_marks"]:
                return True
            if node.pos_ == "NOUN" and word in self.mod["irrealis_nouns"]:
                return True
            if node.pos_ in ("VERB", "AUX"):
                return False
        return False

    def _negated(self, verb: Any) -> bool:
        return any(c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in ("never", "no")) for c in verb.children)

    def _verb_modality(self, verb: Any, depth: int = 0) -> str:
        if depth > 12:
            return "asserted"
        children = list(verb.children)
        lemma = verb.lemma_.lower()
        if self._negated(verb):
            return "negated"
        if self._conditional(verb):
            return "conditional"
        aux = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass") and c.tag_ == "MD"}
        if aux & self.mod["hypothetical_aux"]:
            return "hypothetical"
        if verb.dep_ == "ROOT" and verb.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in children):
            return "hypothetical"  # imperative: "Place them under guard", "Let the regiments elect"
        if lemma in self.mod["directive_heads"] and verb.dep_ == "ROOT" and verb.tag_ == "VB" and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in children
        ):
            return "hypothetical"
        if self._irrealis_path(verb):
            return "hypothetical"
        head = verb.head
        infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in children)
        if aux & self.mod["future"]:
            if ("shall" in aux and verb.dep_ != "ROOT") or (
                verb.dep_ in ("ccomp", "acl", "relcl") and head.lemma_.lower() in self.mod["directive_verbs"]
            ):
                return "hypothetical"  # "orders that he shall approach ...": the content of an order
            subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or subject.lower_ in _EXPLETIVES:
                return "hypothetical"
            inherited = self._verb_modality(head, depth + 1) if verb.dep_ in ("ccomp", "xcomp") and head != verb else "asserted"
            return "hypothetical" if inherited != "asserted" or head.lemma_.lower() in self.mod["directive_heads"] else "planned"
        if head == verb:
            return "asserted"
        dep = verb.dep_
        if dep == "xcomp" or (dep == "ccomp" and infinitive):
            if head.lemma_.lower() in self.mod["negative_implicative"]:
                return "negated"
            if head.lemma_.lower() in self.mod.get("decision_verbs", ()) and dep == "xcomp" and not self._body_decides(
                    list(head.children)):
                return self._verb_modality(head, depth + 1)  # "the captain decided to sail": the sailing is told
            if head.lemma_.lower() not in self.mod["implicative"]:
                return "hypothetical"
            return self._verb_modality(head, depth + 1)
        if dep in ("acl", "relcl") and infinitive:
            return "asserted" if head.lower_ in self.mod["factive_heads"] else "hypothetical"
        if dep == "acl" and head.dep_ == "dobj" and head.head.lemma_.lower() in self.mod["complement_verbs"]:
            return self._verb_modality(head.head, depth + 1)  # "keep the council informed": a predicate, not a fact
        if dep in ("acl", "relcl"):
            return "asserted"  # presupposed: "the peace concluded with Germany", "which was formalized in"
        if dep == "advcl" and infinitive and head.lower_ in self.mod["factive_heads"]:
            return "asserted"
        if dep == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in children):
            return "asserted"  # an independent clause joined by "and"
        if dep in ("conj", "advcl", "ccomp", "pcomp", "xcomp", "dep", "parataxis") or (head.dep_ == "prep" and dep == "pcomp"):
            parent = head
            while parent.dep_ == "prep" and parent.head != parent:
                parent = parent.head
            if dep == "ccomp":
                if parent.lemma_.lower() in self.mod["directive_verbs"]:
                    return "hypothetical"
                inherited = self._verb_modality(parent, depth + 1)
                return "asserted" if inherited in ("asserted", "planned") else inherited
            inherited = self._verb_modality(parent, depth + 1) if parent.pos_ in ("VERB", "AUX") else "asserted"
            if inherited == "negated":
                return "asserted" if dep == "conj" else "negated"
            return inherited
        if dep == "pcomp":
            parent = head.head
            return self._verb_modality(parent, depth + 1) if parent.pos_ in ("VERB", "AUX") else "asserted"
        return "asserted"

    def _conditional(self, verb: Any) -> bool:
        """"sign ... only after approval", "only if", "provided that" on the verb itself."""
        for child in verb.children:
            if (child.dep_ in ("prep", "mark", "advmod", "advcl") and child.lower_ in self.mod["conditional_after_only"]
                    and (any(g.lower_ == "only" for g in child.children)
                         or any(c.lower_ == "only" and c.i == child.i - 1 for c in verb.children))):
                return True
            if child.dep_ == "advcl":
                marks = {g.lower_ for g in child.children if g.dep_ in ("mark", "advmod")}
                if "only" in {g.lower_ for g in child.children} and marks & self.mod["conditional_after_only"]:
                    return True
                if marks & self.mod["conditional_marks"]:
                    return True
        return False

    # -- arguments --

    def _build(self, sent: Any, tok: Any, etype: str, anchor: Any, theme: Any | None, nominal: bool) -> Event | None:
        if nominal and anchor == theme and _is_heading(sent.text) and not any(
                self._timex_at(t) for t in sent):
            return None  # a title naming a happening ("The Siege of Azov"), not a report of it
        modality = self._modality(anchor, theme)
        actors_tok, targets_tok, place_tok = self._roles(tok, anchor, theme, etype)
        actors = self._entity_ids(actors_tok, agentive=True)
        targets = [t for t in self._entity_ids(targets_tok) if t not in actors]
        place = next(iter(self._entity_ids(place_tok, places=True)), None)
        active = not nominal and any(c.dep_ == "nsubj" for c in tok.children)
        if etype == "SPEECH" and active and not self._agentive(actors_tok):
            return None  # "the rise of X announced a new era": no speaker, no speech
        s_start, s_end = self._sentence_span(sent)
        self.dated_by = None
        when, index = self._date(sent, anchor, theme or tok)
        finite = not nominal and (tok.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in tok.children))
        arguments = self._arguments(tok, theme, etype, actors_tok, targets_tok, place_tok)
        if self.dated_by:
            arguments["dated_by"] = [self.dated_by]
        return Event(
            id="", type=etype, start=s_start, end=s_end, evidence=self.doc.text[s_start:s_end],
            trigger=tok.text, actors=actors, targets=targets, place=place, when=when, timex_index=index,
            modality=modality, channel=self._channel(sent, tok, etype), zone=self.doc.zone_at(s_start),
            doc_id=self.doc.id, confidence=1.0 if finite else 0.9 if nominal else 0.8, arguments=arguments,
        )
