"""The collaborative: funnel plots, IHI assessment scale, timeline and dashboard tables."""
