"""OAI-PMH 2.0 at ``/oai``: the archive for harvesters (library catalogues, research portals).

``protocol`` reads requests (verbs, arguments, dates, resumption tokens) and names the
protocol's errors; ``formats`` lists the metadata formats (``oai_dc`` and ``meeting``, whose
schema ``meeting.xsd`` is served at ``/oai/meeting.xsd``); ``views`` answers the six verbs
from ``archive.store.harvest`` and the record JSON.
"""
