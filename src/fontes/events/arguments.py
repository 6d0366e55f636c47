"""Event stage, arguments: actors, targets, place, channel and status words of a clause's event."""

from __future__ import annotations

import re
from typing import Any

from fontes.events.common import (
    _MODEL_LABELS,
    _PERSONAL,
    _PRONOUNS_PER,
    _PRONOUNS_PLURAL,
    _agent_nouns,
    _ids,
    _name_of,
    _of_objects,
    _slug,
)
from fontes.model import Mention


class _Arguments:
    """Participants of an event found in a parsed sentence (a part of events.clauses._Context)."""

    def _arguments(self, tok: Any, theme: Any | None, etype: str, actors: list[Any], targets: list[Any], places: list[Any]) -> dict[str, list[str]]:
        """Surface text of the participants, the status words ("draft", "formally") and, for orders
        and messages, the addressees of what they demand ("to propose an armistice to X")."""
        args = {
            "lemma": [(theme if theme is not None else tok).lemma_.lower()],
            **({"name": [_name_of(theme)]} if theme is not None and _name_of(theme) else {}),
            **({"of": [self._phrase(o) for o in _of_objects(theme)]} if theme is not None and _of_objects(theme) else {}),
            "actors": [self._phrase(t) for t in actors],
            "targets": [self._phrase(t) for t in targets],
            "place": [self._phrase(t) for t in places],
        }
        cues = self.t.status["tentative"] | self.t.status["formal"]
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and self._is_theme_noun(c)]
        verb = self._governor(theme) if theme is not None else None
        verb = verb if verb is not None and verb != theme and verb.lemma_.lower() in self.t.support_verbs else None
        status = list(dict.fromkeys(
            c.lower_ for w in dict.fromkeys(x for x in (tok, theme, verb, *objects) if x is not None) for c in w.children
            if c.dep_ in ("amod", "advmod", "compound") and c.lower_ in cues
        ))
        if status:
            args["status"] = status
        if etype in ("ORDER", "MESSAGE_SENT", "AUTHORIZATION"):
            recipients = self._content_recipients(tok if theme is None else self._governor(theme))
            if recipients:
                args["content_recipients"] = recipients
        return args

    def _content_recipients(self, verb: Any) -> list[str]:
        """Addressees inside the clause stating what an order demands (its ccomp/xcomp/advcl)."""
        clauses = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "advcl") and c.pos_ in ("VERB", "AUX")]
        clauses += [g for c in clauses for g in c.children if g.dep_ in ("xcomp",)]
        out: list[str] = []
        for clause in clauses:
            if not any(c.dep_ == "aux" and (c.tag_ in ("TO", "MD")) for c in clause.children):
                continue
            for child in clause.children:
                if child.dep_ == "dobj" and child.pos_ == "NOUN" and child.lemma_.lower() not in self.t.nouns and not (
                    self.t.in_class(child.lemma_, "messages") or self.t.in_class(child.lemma_, "orders")
                ):
                    out.append(self._phrase(child))
                for prep in [child] + [g for g in child.children if child.dep_ == "dobj"]:
                    if prep.dep_ in ("prep", "dative") and prep.lower_ == "to":
                        out.extend(self._phrase(p) for p in prep.children if p.dep_ == "pobj")
        return list(dict.fromkeys(out))

    def _sentence_span(self, sent: Any) -> tuple[int, int]:
        text = sent.text
        start = self.base + sent.start_char + (len(text) - len(text.lstrip()))
        end = self.base + sent.start_char + len(text.rstrip())
        return start, end

    def _roles(self, tok: Any, anchor: Any, theme: Any | None, etype: str) -> tuple[list[Any], list[Any], list[Any]]:
        """Tokens heading the actor, target and place phrases of an event."""
        actors: list[Any] = []
        targets: list[Any] = []
        places: list[Any] = []
        if theme is not None:
            for child in theme.children:
                if child.dep_ == "poss" and child.pos_ == "PROPN":
                    actors.append(child)
                if child.dep_ in ("prep", "acl"):
                    for gc in child.children:
                        if child.lower_ in ("by",) or gc.dep_ == "agent":
                            actors.extend(g for g in gc.children if g.dep_ == "pobj")
                        if gc.dep_ == "pobj" and child.lower_ in ("between", "with"):
                            actors.append(gc)
                        if gc.dep_ == "pobj" and child.lower_ == "of" and theme.head.lower_ == "by":
                            actors.append(gc)  # "by order of the Congress"
                        elif gc.dep_ == "pobj" and child.lower_ == "of" and self._event_noun_type(gc) is None:
                            role = self.t.of_roles.get(theme.lower_) or self.t.of_roles.get(theme.lemma_.lower())
                            if role == "target":
                                targets.append(gc)  # "the assassination of Alexander II", "the siege of Azov"
                            elif role == "actor":
                                actors.append(gc)  # "the revolt of the guards"
                        if gc.dep_ == "pobj" and child.lower_ in ("to", "against"):
                            targets.append(gc)
                        if gc.dep_ == "pobj" and child.lower_ in ("in", "at"):
                            places.append(gc)
                        if gc.dep_ == "agent":
                            actors.extend(g for g in gc.children if g.dep_ == "pobj")
            verb = None  # a noun's participants come from its realising verb, not any verb above it
            if theme.dep_ in ("dobj", "nsubjpass", "attr", "oprd", "pobj") and anchor == theme.head or (
                theme.head.dep_ == "prep" and anchor == theme.head.head
            ):
                framed = theme.dep_ == "pobj" and (theme.head.lower_, theme.lower_) in self.t.frames  # "went into exile"
                verb = anchor if anchor.lemma_.lower() in self.t.support_verbs or framed else None
            verb = verb or next((c for c in theme.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
        else:
            verb = anchor
        if verb is not None and (not actors or theme is None):
            subj, agent, obj, to, at = self._verb_args(verb)
            passive = bool(agent) or verb.dep_ == "acl" or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
            theme_ok = lambda t: t != theme and not self._is_theme_noun(t)
            if passive:
                actors += agent
                targets += [t for t in subj + obj if theme_ok(t)]
            else:
                actors += subj
                targets += [t for t in obj if theme_ok(t)]
            targets += to
            places += at
            if etype == "MESSAGE_RECEIVED" and not actors:
                actors += at
        return self._expand(actors), self._expand(targets), places

    def _verb_args(self, verb: Any) -> tuple[list[Any], list[Any], list[Any], list[Any], list[Any]]:
        subj, agent, obj, to, at = [], [], [], [], []
        node = verb
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                subj.append(child)
            elif child.dep_ == "agent":
                agent.extend(g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ in ("dobj", "iobj"):
                obj.append(child)
            elif child.dep_ in ("dative", "prep") and any(p.lower_ in ("to", "against", "with") for p in (child, *child.conjuncts)):
                for prep in (child, *child.conjuncts):
                    if prep.lower_ in ("to", "against", "with"):
                        to.extend(g for g in prep.children if g.dep_ == "pobj")  # "to X and to Y"
            elif child.dep_ == "prep" and child.lower_ == "by" and verb.tag_ in ("VBN", "VBD") and not any(
                c.dep_ == "dobj" for c in verb.children
            ):  # "diplomats relieved of their duties by X": a participle the parser read as a past tense
                agent.extend(g for g in child.children if g.dep_ == "pobj" and g.pos_ == "PROPN")
            elif child.dep_ == "prep" and child.lower_ == "from" and verb.lemma_.lower() in ("receive", "get"):
                agent.extend(g for g in child.children if g.dep_ == "pobj")  # "received a reply from X"
            elif child.dep_ == "prep" and child.lower_ in ("at", "in"):
                at.extend(g for g in child.children if g.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ == "on":
                for g in child.children:  # "on behalf of X"
                    if g.lower_ == "behalf":
                        agent.extend(p for c in g.children if c.lower_ == "of" for p in c.children if p.dep_ == "pobj")
        reduced = verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD")  # "diplomats relieved of their duties by X"
        if not agent and (reduced or any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)):
            for child in verb.children:  # "dismissed from his post by the council": the parser hangs "by" low
                for t in child.subtree:
                    if t.lower_ == "by" and t.dep_ in ("prep", "agent") and self._governor(t) == verb:
                        agent.extend(g for g in t.children if g.dep_ == "pobj")
        if not subj:  # conjoined or controlled verbs share their head's subject
            while node.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl") and node.head != node and not subj:
                if node.dep_ in ("relcl", "acl"):
                    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in node.children):
                        outer = self._governor(node.head)  # "he returned in time to push": he pushes
                        subj.extend(c for c in outer.children if c.dep_ == "nsubj")
                    else:
                        (obj if node.tag_ in ("VBN", "VBD") and node.dep_ == "acl" or node.tag_ == "VBN" else subj).append(node.head)
                    break
                if node.dep_ == "xcomp":
                    controller = [c for c in node.head.children if c.dep_ in ("dobj", "nsubjpass")]
                    subj.extend(controller or [c for c in node.head.children if c.dep_ == "nsubj"])
                    break
                node = node.head
                subj.extend(c for c in node.children if c.dep_ in ("nsubj",))
        return subj, agent, obj, to, at

    def _expand(self, toks: list[Any]) -> list[Any]:
        out = []
        for tok in toks:
            out.append(tok)
            out.extend(c for c in tok.conjuncts if c not in out)
        return out

    def _is_theme_noun(self, tok: Any) -> bool:
        lemma = tok.lemma_.lower()
        return lemma in self.t.nouns or any(lemma in words for words in self.t.classes.values()) and lemma not in self.t.classes["bodies"]

    def _phrase(self, tok: Any) -> str:
        """The noun phrase a token heads, with its "of" complements, without clauses (or a pronoun's antecedent)."""
        if tok.lower_ in _PRONOUNS_PER | _PRONOUNS_PLURAL:
            antecedent = self._antecedent(tok)
            if antecedent:
                return antecedent[0].text
        first, last = self._phrase_span(tok)
        return tok.doc[first:last + 1].text

    def _phrase_span(self, tok: Any) -> tuple[int, int]:
        end = tok.i
        node = tok
        while True:
            of = next((c for c in node.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > node.i), None)
            obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if obj is None:
                break
            end, node = obj.i, obj
        for child in tok.rights:  # "General Ivanov", "Field Marshal Haig"
            if child.dep_ in ("appos", "compound", "flat", "nmod") and child.left_edge.i == end + 1 or (
                child.dep_ == "prep" and child.lower_ == "in" and child.i == end + 1 and tok.pos_ == "PROPN"
            ):
                end = max(t.i for t in child.subtree)
        start = min([tok.i] + [t.i for t in tok.lefts for t in t.subtree])
        return start, end

    def _char(self, tok: Any) -> tuple[int, int]:
        return self.base + tok.idx, self.base + tok.idx + len(tok.text)

    def _mentions_in(self, tok: Any, *, head_only: bool = False) -> list[Mention]:
        """Mentions inside the phrase a token heads (its conjuncts have phrases of their own)."""
        if head_only:
            lo, hi = self._char(tok)
        else:
            first, last = self._phrase_span(tok)
            lo, hi = self._char(tok.doc[first])[0], self._char(tok.doc[last])[1]
        return [m for m in self.doc.mentions if m.start < hi and lo < m.end]

    def _entity_ids(self, toks: list[Any], *, agentive: bool = False, places: bool = False) -> list[str]:
        ids: list[str] = []
        for tok in toks:
            found = self._mentions_in(tok, head_only=False)
            head_hits = [m for m in found if m.start <= self.base + tok.idx < m.end]
            chosen = head_hits or found[:3]
            if places:
                chosen = [m for m in chosen if m.label == "LOC"]
            if not chosen and tok.lower_ in _PERSONAL and tok.lower_ not in ("we", "us", "i", "me", "you"):
                chosen = self._antecedent(tok)
            if not chosen and not self.doc.mentions:
                ids.extend(_slug(e.text) for e in self.sdoc.ents if e.start <= tok.i < e.end and e.label_ in ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC"))
            ids.extend(_ids(chosen))
        return list(dict.fromkeys(ids))

    def _entity_label(self, tok: Any) -> str:
        """Label of the mention a token is part of (the entity stage's, else the model's own entity)."""
        if not self.doc.mentions:
            return _MODEL_LABELS.get(tok.ent_type_, tok.ent_type_)
        at = self.base + tok.idx
        return next((m.label for m in self.doc.mentions if m.start <= at < m.end), "")

    def _antecedent(self, tok: Any) -> list[Mention]:
        """Nearest earlier person (he/she) or person/body (they) mention."""
        pos = self.base + tok.idx
        labels = ("PER",) if tok.lower_ in _PRONOUNS_PER else ("ORG", "PER")
        before = [m for m in self.doc.mentions if m.end <= pos and m.label in labels and m.zone == "body"]
        return before[-1:] if before else []

    def _agentive(self, toks: list[Any]) -> bool:
        for tok in toks:
            if tok.lower_ in _PERSONAL or tok.pos_ == "PROPN" or self._entity_label(tok) in ("PER", "ORG", "LOC") or (
                tok.lemma_.lower() in _agent_nouns()
            ):  # "the ministry announced", "the president announced"
                return True
            if any(m.label in ("PER", "ORG") for m in self._mentions_in(tok, head_only=True)):
                return True
        return False

    def _channel(self, sent: Any, tok: Any, etype: str) -> str | None:
        if etype not in ("MESSAGE_SENT", "MESSAGE_RECEIVED", "ORDER", "PROPOSAL", "AUTHORIZATION", "REFUSAL", "NEGOTIATION", "OTHER", "PUBLICATION", "ADOPTION"):
            return None
        text = sent.text.lower()
        for cue, name in self.t.channels:
            if re.search(rf"\b{re.escape(cue)}\b", text):
                if name in ("newspaper", "letter", "proclamation", "decree") and etype in ("OTHER",):
                    continue
                return name
        return None
