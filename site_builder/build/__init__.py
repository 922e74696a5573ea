"""The build's machinery: cache (what the last build read and wrote), digests (of view data
and templates), page_plan (which pages to render again), parallel (both cores), writer (one
writer per output path) and publish (staging folder, atomic swap, lock).
"""
