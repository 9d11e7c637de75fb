"""Fixed messages sent by custom actions (answers chosen by rules live in domain/responses.yml)."""

DID_YOU_MEAN = "Nu sunt sigur că am înțeles. Te referi la unul dintre subiectele acestea?"

FOLLOW_UP_UNCLEAR = (
    "Nu sunt sigur la ce te referi. Întreabă-mă, de exemplu, „cât câștigă un operator?” și apoi „și cu "
    "germană?”, sau „ce face un operator în retail?”."
)

NOT_UNDERSTOOD = (
    "Îmi pare rău, nu am înțeles. Reformulează, te rog, sau scrie „ce poți face?” ca să vezi subiectele la "
    "care te pot ajuta."
)

KNOWLEDGE_UNAVAILABLE = (
    "Îmi pare rău, acum nu pot accesa informațiile despre salarii și roluri. Te rog să încerci din nou peste "
    "câteva momente."
)
