"""Rules that find signals in SPC data: Anhøj (qicharts2), IHI run charts, Making Data Count.

Each rule is a small pure function working on many series laid end to end (see each module).
"""
