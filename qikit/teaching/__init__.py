"""The calculations behind the study apps: run-chart readings, uploads, the interpretation trainer
and the classic live demonstrations (Deming's red beads and funnel).

Nothing here draws widgets; the apps in ``qikit.apps`` wire these functions to the page.
"""
